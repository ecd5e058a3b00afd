import { atVersion, DEFAULT_CONTRACT, versionRow } from "../../systems/kit/contract-versions.ts";
import { requestJson } from "../../systems/kit/http/client.ts";
import { REQUEST_HEADERS } from "../../systems/kit/protocol/index.ts";
import { holdOut, periodRows } from "../../systems/kit/split.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import type { ControlPlane } from "../deploy/control.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import { ScenarioError } from "../scenario/errors.ts";
import type { Scenario } from "../scenario/index.ts";
import { runTraffic } from "../traffic/send.ts";
import { periodNamed, type Step } from "./context.ts";
import { diagnosisRecord } from "./diagnosis-record.ts";
import type { Journal } from "./journal.ts";
import { journalRollback } from "./rollback-journal.ts";
import { rq2Traffic } from "./rq2-traffic.ts";
import type { Rq2Ask, TrialOperator } from "./run.ts";
import { trialSurface } from "./surface.ts";
import { journaledTraffic, trafficStarts } from "./traffic-journal.ts";

export interface Rq2Context {
  h: SystemHandle;
  control: ControlPlane;
  /** Who rolls the engine back when asked (TrialOperator.rq2): the runbook, or a person at the console. */
  operator: TrialOperator;
  /** Wall-clock ms when the trial started. */
  wallStart: number;
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

  const rq2Run = x.operator.rq2?.bind(x.operator);
  if (!rq2Run) throw new ScenarioError([`the ${x.operator.kind} operator cannot run the RQ2 drill`]);

  // Users keep coming the whole time, at the scenario's rate, with their feedback.
  const journaled = journaledTraffic(journal, x.positions);
  const stop = new AbortController();
  const planned = scenario.timeline.requests * 20;
  const users = rq2Traffic({
    task,
    version,
    initial: periodRows(task, periodNamed(task, scenario.timeline.initial)),
    fresh: delivered.heldOut,
    requests: planned,
    limit: x.operator.tailLimit?.(planned) ?? planned,
    rate: scenario.timeline.rate,
    seed: x.seed,
  });
  let sent = 0;
  const recent: Record<string, unknown>[] = [];
  let trafficAt = Number.POSITIVE_INFINITY;
  const { surface, effort } = trialSurface({
    h,
    control: x.control,
    task,
    origin: x.origin,
    since: () => trafficAt,
    recent: (n) => recent.slice(-n),
    positionOf: (id) => x.positions.get(id) ?? null,
    t,
  });
  let ask: (a: Rq2Ask) => void = () => undefined;
  const asked = new Promise<Rq2Ask>((resolve) => {
    ask = resolve;
  });
  trafficAt = trafficStarts(journal, x.origin);
  const operatorDone = rq2Run(
    {
      surface,
      hooks: {
        onActive: () => undefined,
        onDiagnosis: (d) => journal.append(diagnosisRecord(d, sent)),
        onRollback: journalRollback({ h, task, journal, t, probe: x.probe }),
      },
      signal: stop.signal,
      sinceWallMs: x.wallStart,
      journal,
      endTraffic: () => stop.abort(),
    },
    asked,
  );
  // Awaited as the rollback step; a failure before then is that step's, not an unhandled rejection.
  operatorDone.catch(() => undefined);
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
      onSent: (r) => {
        sent++;
        recent.push(r.payload);
        if (recent.length > 500) recent.shift();
        journaled.sent(r);
      },
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

  // The drill: the business goes back to the initial data, and asks for the engine back on v1.
  users.switchTo("initial");
  const v1 = (await h.releases(h.modelUnit)).production;
  journal.append({
    type: "phase",
    name: "rollback-asked",
    fault: `rq2:${rq2.variant}`,
    at_ms: t(),
    at_request: sent,
  });
  ask({
    unit: h.modelUnit,
    instruction: `The business goes back to the initial data: roll the inference engine (${h.modelUnit}, now on release ${v1?.number ?? "?"}) back to v1 while users keep coming.`,
  });
  await step("roll back to v1", () => operatorDone);
  if (improvement) {
    const live = await improvementLive("after-rollback", x.probe.requests[0]);
    await step(`improvement ${live ? "survived" : "was lost in"} the rollback`, async () => live);
  }
  stop.abort();
  await traffic;
  journal.append({ type: "effort", ...effort() });
}
