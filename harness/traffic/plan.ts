import { periodRows } from "../../systems/kit/split.ts";
import { getTask } from "../../systems/tasks/index.ts";
import type { TimelineContext } from "../faults/types.ts";
import { positioned, type Scenario } from "../scenario/schema.ts";
import { periodNamed } from "../trial/context.ts";
import { buildTimeline, type Timeline } from "./timeline.ts";

/**
 * A scenario's timeline on its own task: what a trial sends. Also how `validate` proves a fault's
 * params fit the task (a field it has, a class it knows) before any system starts.
 */
export function planTimeline(declared: Scenario, seed = declared.timeline.seed): Timeline {
  const scenario = positioned(declared, seed);
  return buildTimeline(timelineContext(scenario, seed), scenario.faults, scenario.timeline.rate);
}

/** What a scenario's faults may read about its timeline (the rows of its periods, its size, its seed). */
export function timelineContext(scenario: Scenario, seed: number): TimelineContext {
  const task = getTask(scenario.task);
  return {
    task,
    // Steady state is the world the system was built for: the whole initial period. A pool of only
    // the held-out days would repeat one small sample's quirks window after window.
    initial: periodRows(task, periodNamed(task, scenario.timeline.initial)),
    later: scenario.timeline.later ? periodRows(task, periodNamed(task, scenario.timeline.later)) : [],
    requests: scenario.timeline.requests,
    seed,
  };
}
