/**
 * The crossover study plan, after the paper's Section 5: every team drills both arms of the declared
 * comparison (baseline and treatment: pattern, monitoring and deploy strategy) on every task. Per
 * task, half the teams meet the treatment first and half the baseline, and
 * the orders alternate across tasks for each team, so neither learning nor fatigue favours a
 * pattern. Each team sees two different faults on a task (it never meets the same fault twice
 * there), and within each pair of teams the two scenarios swap patterns, so each fault is drilled
 * on both patterns. Every choice comes from the plan's seed.
 */
import { z } from "zod";
import { rng, shuffled } from "../../systems/kit/random.ts";
import { tasks as knownTasks } from "../../systems/tasks/index.ts";
import { type Arm, parseArm } from "../experiment/arms.ts";
import { COMPARISON } from "../experiment/comparison.ts";
import { listScenarios, type ScenarioEntry } from "../scenario/index.ts";

/** Both arms of the declared comparison, treatment first (the order the crossover alternates). */
export const ARMS_DRILLED = [COMPARISON.treatment, COMPARISON.baseline] as const;
export const DEFAULT_KINDS = ["trend", "schema", "release"] as const;

export class StudyError extends Error {
  override name = "StudyError";
}

const drill = z.strictObject({
  n: z.int().positive(),
  task: z.string().min(1),
  pattern: z.string().min(1),
  /** The arm the drill runs (catalog name); plans written before arms ran pattern/distributed/restart. */
  arm: z.string().min(1).optional(),
  scenario: z.string().min(1),
  fault: z.string().min(1),
  seed: z.int().min(0),
  /** The scenario's RQ2 drill (the paper's Section 5 rollback) instead of its fault. */
  rq2: z.boolean().optional(),
});
export const planSchema = z.strictObject({
  version: z.literal(1),
  seed: z.int(),
  tasks: z.array(z.string().min(1)).min(1),
  kinds: z.array(z.string().min(1)).min(1),
  teams: z.array(z.strictObject({ id: z.string().min(1), drills: z.array(drill).min(1) })).min(1),
});
export type StudyPlan = z.infer<typeof planSchema>;
export type StudyDrill = StudyPlan["teams"][number]["drills"][number];

export interface PlanOptions {
  teams: number;
  tasks: string[];
  seed?: number;
  /** Fault kinds to draw scenarios from (the part of the fault type before the dot). */
  kinds?: string[];
  /** The scenarios to draw from; all valid files under scenarios/ by default. */
  scenarios?: Pick<ScenarioEntry, "file" | "task" | "fault" | "valid" | "rq2">[];
  /**
   * Also the RQ2 drill (the paper's Section 5) on both arms per team and task, after the fault
   * drills and in the same order: the task's first scenario with an rq2 section.
   */
  rq2?: boolean;
}

/** One scenario per fault type (the first file by name), single-fault scenarios of the kinds asked. */
function pool(entries: NonNullable<PlanOptions["scenarios"]>, task: string, kinds: string[]) {
  const byFault = new Map<string, { file: string; fault: string }>();
  for (const e of [...entries].sort((a, b) => a.file.localeCompare(b.file))) {
    if (!e.valid || e.task !== task || e.fault.includes("+")) continue;
    if (!kinds.includes(e.fault.split(".")[0]) || byFault.has(e.fault)) continue;
    byFault.set(e.fault, { file: e.file, fault: e.fault });
  }
  return [...byFault.values()];
}

/** The task's RQ2 drill: its first valid scenario (by name) with an rq2 section. */
function drillOfRq2(entries: NonNullable<PlanOptions["scenarios"]>, task: string) {
  const found = [...entries]
    .sort((a, b) => a.file.localeCompare(b.file))
    .find((e) => e.valid && e.task === task && e.rq2);
  if (!found?.rq2) throw new StudyError(`--rq2: task '${task}' has no scenario with an rq2 section`);
  return { file: found.file, fault: `rq2:${found.rq2}`, rq2: true };
}

const teamId = (k: number, n: number) => `team-${String(k + 1).padStart(String(n).length, "0")}`;

export function makePlan(o: PlanOptions): StudyPlan {
  if (!Number.isInteger(o.teams) || o.teams < 2)
    throw new StudyError(
      `--teams must be an integer of at least 2: a crossover needs both orders (got '${o.teams}')`,
    );
  if (!o.tasks.length) throw new StudyError("--tasks must name at least one task");
  const known = knownTasks.names;
  for (const t of o.tasks) {
    if (!known.includes(t)) throw new StudyError(`--tasks: unknown task '${t}'; known: ${known.join(", ")}`);
    if (o.tasks.indexOf(t) !== o.tasks.lastIndexOf(t)) throw new StudyError(`--tasks names '${t}' twice`);
  }
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw new StudyError(`--seed must be an integer (got '${seed}')`);
  const kinds = o.kinds ?? [...DEFAULT_KINDS];
  const entries = o.scenarios ?? listScenarios();
  const pools = o.tasks.map((task) => {
    const p = shuffled(pool(entries, task, kinds), rng(`${seed}:study:${task}`));
    if (p.length < 2)
      throw new StudyError(
        `--tasks: task '${task}' has ${p.length} scenario(s) with a fault of kinds ${kinds.join(", ")}; a team needs two different faults per task`,
      );
    return p;
  });
  const teams = Array.from({ length: o.teams }, (_, k) => {
    const id = teamId(k, o.teams);
    const drills: StudyDrill[] = [];
    // Tasks rotate from team to team so no task always comes first.
    for (let j = 0; j < o.tasks.length; j++) {
      const ti = (j + k) % o.tasks.length;
      const task = o.tasks[ti];
      // Order alternates over teams (within a task) and over tasks (within a team).
      const order = (k + ti) % 2 === 0 ? [...ARMS_DRILLED] : [...ARMS_DRILLED].reverse();
      // A pair of teams shares two scenarios, in opposite orders: each fault meets both patterns.
      const p = pools[ti];
      const pair = Math.floor(k / 2);
      const picked = [p[(2 * pair) % p.length], p[(2 * pair + 1) % p.length]];
      const drilled = picked.map((x) => ({ ...x, rq2: false }));
      if (o.rq2) {
        const withRq2 = drillOfRq2(entries, task);
        drilled.push(withRq2, withRq2);
      }
      [...order, ...(o.rq2 ? order : [])].forEach((arm, slot) => {
        // Seeded by the arm's name, which is its pattern's for both declared arms: plans stay as they were.
        const random = rng(`${seed}:study:${id}:${task}:${arm}${drilled[slot].rq2 ? ":rq2" : ""}`);
        drills.push({
          n: drills.length + 1,
          task,
          pattern: parseArm(arm).pattern,
          arm,
          scenario: drilled[slot].file,
          fault: drilled[slot].fault,
          seed: Math.floor(random() * 2 ** 31),
          ...(drilled[slot].rq2 ? { rq2: true } : {}),
        });
      });
    }
    return { id, drills };
  });
  return { version: 1, seed, tasks: o.tasks, kinds, teams };
}

/** How many teams meet each arm first, per task: what a balanced plan keeps equal. */
export function orderBalance(plan: StudyPlan): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const team of plan.teams)
    for (const task of plan.tasks) {
      const found = team.drills.find((d) => d.task === task);
      if (!found) continue;
      const first = drilledArm(found).name;
      out[task] ??= Object.fromEntries(ARMS_DRILLED.map((p) => [p, 0]));
      out[task][first]++;
    }
  return out;
}

/** The arm a planned drill runs: its own, or for a plan written before arms, its pattern as drills then ran. */
export function drilledArm(d: Pick<StudyDrill, "pattern" | "arm">): Arm {
  return parseArm(d.arm ?? `${d.pattern}/distributed/restart`);
}
