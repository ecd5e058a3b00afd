import { atVersion, DEFAULT_CONTRACT, versionRow } from "../../systems/kit/contract-versions.ts";
import { requestJson } from "../../systems/kit/http/client.ts";
import { REQUEST_HEADERS, releaseName } from "../../systems/kit/protocol/index.ts";
import { changedParts } from "../../systems/kit/release/components.ts";
import { holdOut, periodRows } from "../../systems/kit/split.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import { ScenarioError } from "../scenario/errors.ts";
import type { Scenario } from "../scenario/index.ts";
import { runTraffic } from "../traffic/send.ts";
import { periodNamed, type Step } from "./context.ts";
import type { Journal } from "./journal.ts";
import { rq2Traffic } from "./rq2-traffic.ts";
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
 * RQ2 as the paper's Section 5 runs it: the system starts on v1 (trained on the initial data, its
 * contract v1) while users send the initial data; a new dataset arrives in the scenario's contract
 * version (rq2.schema: a renamed and an added field) and is delivered the pattern's way; v2 is
 * trained from it, released the pattern's way with the task's logic improvement when the scenario
 * asks, and must pass the scenario tests on the new data, while users send the new data in its
 * contract. Then the business goes back to the initial data and the engine is rolled back to v1
 * under that traffic: timed from the decision until all traffic is on v1 (restore) and the
 * verification probe passes on the initial data (verify). Measured besides: what else the
 * rollback reverted (collateral), whether the improvement still works (improvement lost), and the
 * requests the two sides' contract versions broke (contract breaks).
 */
export async function runRq2(x: Rq2Context): Promise<void> {
  const { h, task, scenario, journal, step, t } = x;
  const rq2 = scenario.rq2;
  if (!rq2) throw new ScenarioError(["the scenario has no rq2 section"]);
  const version = rq2.schema ?? DEFAULT_CONTRACT;
  const delivered = holdOut(periodRows(task, periodNamed(task, rq2.variant)), task.holdout);

  // Users keep coming the whole time, at the scenario's rate, with their feedback.
  const journaled = journaledTraffic(journal, x.positions);
  const stop = new AbortController();
  const users = rq2Traffic({
    task,
    version,
    initial: periodRows(task, periodNamed(task, scenario.timeline.initial)),
    fresh: delivered.heldOut,
    requests: scenario.timeline.requests * 20,
    rate: scenario.timeline.rate,
    seed: x.seed,
  });
  trafficStarts(journal, x.origin);
  const traffic = step("traffic", () =>
    runTraffic(users.requests, {
      api: h.api,
      route: task.route,
      answerLabel: task.answer.label,
      origin: x.origin,
      feedbackDelay: scenario.timeline.feedbackDelay,
      signal: stop.signal,
      choose: users.choose,
      beforeSend: (i) => journaled.sending(i),
      beforeFeedback: (of, at) => journaled.sendingFeedback(of, at),
      onFeedback: (f) => journaled.feedback(f),
      onSent: (r) => journaled.sent(r),
    }),
  );

  // The new data comes in its own contract: the store or lake keeps it beside the initial rows.
  await step(`deliver the ${rq2.variant} data (contract ${version})`, () =>
    h.ingest(delivered.train.map((r) => versionRow(task, version, r))),
  );
  const improvement = rq2.logicImprovement ? (task.improvement ?? null) : null;
  if (rq2.logicImprovement && !improvement)
    await step("logic improvement", () =>
      Promise.reject(new ScenarioError([`task ${task.name} defines no logic improvement`])),
    );
  const change = await step("release v2", () =>
    h.releaseChangeSet({
      variant: {
        note: `v2: trained with the ${rq2.variant} data`,
        ...(version === DEFAULT_CONTRACT ? {} : { contract: version }),
      },
      logic: improvement?.name ?? null,
    }),
  );
  for (const c of change ?? []) {
    await step(`deploy ${c.unit} release ${c.release}`, () =>
      h.deploy(c.unit, c.release, { who: "release pipeline", reason: "v2" }),
    );
  }
  users.switchTo("new");
  await step("v2 on the new data", async () => {
    const checks = await task.scenarioTests({
      api: h.api,
      heldOut: delivered.heldOut,
      synthetic: true,
      version,
    });
    journal.append({
      type: "steady-state",
      phase: "v2",
      at_ms: t(),
      passed: checks.every((c) => c.passed),
      checks,
    });
  });
  // One request per check, synthetic: in v2's contract from the new data, in v1's from the initial.
  const improvementLive = async (phase: "v2" | "after-rollback", body: Record<string, unknown>) => {
    if (!improvement) return;
    const stated = phase === "v2" ? version : DEFAULT_CONTRACT;
    const res = await requestJson(`${h.api}${task.route}`, {
      body,
      headers: {
        [REQUEST_HEADERS.synthetic]: "1",
        ...(stated === DEFAULT_CONTRACT ? {} : { [REQUEST_HEADERS.contract]: stated }),
      },
    });
    const answer = res.status === 200 ? task.outputSchema.safeParse(res.body) : null;
    const live = answer?.success === true && improvement.isLive(answer.data);
    journal.append({ type: "improvement", name: improvement.name, phase, live, at_ms: t() });
    return live;
  };
  if (improvement)
    await step("improvement live with v2", async () => {
      const body = atVersion(task, version).toRequest(delivered.heldOut[0], 0);
      if (!(await improvementLive("v2", body)))
        throw new ScenarioError(["the improvement is not live with v2"]);
    });

  // The drill: the business goes back to the initial data, and the engine back to v1.
  users.switchTo("initial");
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
    const live = await improvementLive("after-rollback", x.probe.requests[0]);
    await step(`improvement ${live ? "survived" : "was lost in"} the rollback`, async () => live);
  }
  stop.abort();
  await traffic;
}
