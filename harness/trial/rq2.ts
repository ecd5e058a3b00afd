import { requestJson } from "../../systems/kit/http/client.ts";
import { REQUEST_HEADERS, releaseName } from "../../systems/kit/protocol/index.ts";
import { changedParts } from "../../systems/kit/release/components.ts";
import { holdOut, periodRows } from "../../systems/kit/split.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import { ScenarioError } from "../scenario/errors.ts";
import type { Scenario } from "../scenario/index.ts";
import { runTraffic } from "../traffic/send.ts";
import { buildTimeline } from "../traffic/timeline.ts";
import { periodNamed, type Step } from "./context.ts";
import type { Journal } from "./journal.ts";
import { journaledTraffic, trafficStarts } from "./traffic-journal.ts";
import { verify } from "./verify.ts";

export interface Rq2Context {
  h: SystemHandle;
  task: TaskDefinition;
  scenario: Scenario;
  seed: number;
  journal: Journal;
  step: Step;
  t: () => number;
  origin: number;
  /** The verification probe's requests, and how long it may take to pass after the rollback. */
  probe: { requests: Record<string, unknown>[]; timeoutMs: number };
  positions: Map<string, number>;
}

/**
 * RQ2 as the paper's Section 5 runs it: the system starts on v1 (trained on the initial data);
 * a new dataset arrives and v2 is released and deployed the pattern's normal way (with a logic
 * improvement shipped alongside, when the scenario asks, as a living system would); then v2 is
 * rolled back to v1 while traffic flows: timed from the decision until all traffic is on v1
 * (restore) and the verification probe passes on it (verify). What the rollback reverted besides
 * the model is collateral.
 */
export async function runRq2(x: Rq2Context): Promise<void> {
  const { h, task, scenario, journal, step, t } = x;
  const rq2 = scenario.rq2;
  if (!rq2) throw new ScenarioError(["the scenario has no rq2 section"]);

  // Users keep coming the whole time, at the scenario's rate, with their feedback.
  const journaled = journaledTraffic(journal, x.positions);
  const stop = new AbortController();
  const timeline = buildTimeline(
    {
      task,
      initial: periodRows(task, periodNamed(task, scenario.timeline.initial)),
      later: [],
      requests: scenario.timeline.requests * 20,
      seed: x.seed,
    },
    [],
    scenario.timeline.rate,
  );
  trafficStarts(journal, x.origin);
  const traffic = step("traffic", () =>
    runTraffic(timeline.requests, {
      api: h.api,
      route: task.route,
      answerLabel: task.answer.label,
      origin: x.origin,
      feedbackDelay: scenario.timeline.feedbackDelay,
      signal: stop.signal,
      beforeSend: (i) => journaled.sending(i),
      beforeFeedback: (of, at) => journaled.sendingFeedback(of, at),
      onFeedback: (f) => journaled.feedback(f),
      onSent: (r) => journaled.sent(r),
    }),
  );

  if (rq2.schema.length) {
    // The public contract is one per task so far: a dataset whose request shape changes needs versioned contracts.
    await step("schema change in the new data", () =>
      Promise.reject(
        new ScenarioError([
          "rq2.schema is not supported yet: the new data is delivered with the task's contract",
        ]),
      ),
    );
  }
  const delivered = holdOut(periodRows(task, periodNamed(task, rq2.variant)), task.holdout);
  await step(`deliver the ${rq2.variant} data`, () => h.ingest(delivered.train));
  const improvement = rq2.logicImprovement ? (task.improvement ?? null) : null;
  if (rq2.logicImprovement && !improvement)
    await step("logic improvement", () =>
      Promise.reject(new ScenarioError([`task ${task.name} defines no logic improvement`])),
    );
  const change = await step("release v2", () =>
    h.releaseChangeSet({
      variant: { note: `v2: trained with the ${rq2.variant} data` },
      logic: improvement?.name ?? null,
    }),
  );
  for (const c of change ?? []) {
    await step(`deploy ${c.unit} release ${c.release}`, () =>
      h.deploy(c.unit, c.release, { who: "release pipeline", reason: "v2" }),
    );
  }
  await step("v2 on the new data", async () => {
    const checks = await task.scenarioTests({ api: h.api, heldOut: delivered.heldOut, synthetic: true });
    journal.append({
      type: "steady-state",
      phase: "v2",
      at_ms: t(),
      passed: checks.every((c) => c.passed),
      checks,
    });
  });
  const improvementLive = async () => {
    if (!improvement) return null;
    const res = await requestJson(`${h.api}${task.route}`, {
      body: task.toRequest(delivered.heldOut[0], 0),
      headers: { [REQUEST_HEADERS.synthetic]: "1" },
    });
    const answer = res.status === 200 ? task.outputSchema.safeParse(res.body) : null;
    return answer?.success === true && improvement.isLive(answer.data);
  };
  if (improvement)
    await step("improvement live with v2", async () => {
      if (!(await improvementLive())) throw new ScenarioError(["the improvement is not live with v2"]);
    });

  // The drill: roll the model back to v1.
  const unit = h.modelUnit;
  const from = (await h.releases(unit)).production;
  const decision = t();
  const moved = await step("roll back to v1", () =>
    h.rollback(unit, { who: "operator:auto", reason: "RQ2: back to v1" }),
  );
  const done = t();
  const to = (await h.releases(unit)).production;
  journal.append({
    type: "rollback",
    unit,
    from: from?.number ?? 0,
    to: to?.number ?? 0,
    decision_ms: decision,
    done_ms: done,
    tests_pass_ms: null,
    ok: Boolean(moved),
    reverted: changedParts(from, to),
  });
  if (moved)
    await verify({
      api: h.api,
      task,
      requests: x.probe.requests,
      expectRelease: async () => (to ? releaseName({ unit, number: to.number }) : null),
      journal,
      t,
      timeoutMs: x.probe.timeoutMs,
    });
  if (improvement) {
    const live = await improvementLive();
    await step(`improvement ${live ? "survived" : "was lost in"} the rollback`, async () => live);
  }
  stop.abort();
  await traffic;
}
