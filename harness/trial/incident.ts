/**
 * The incident phase of a trial (RQ1): users' traffic at the scenario's pace with their feedback,
 * the scenario's faults going in at their positions, and the operator at work on the operator
 * surface. Every request, report, alert and moment the measures need is journaled as it happens.
 */

import { rng } from "../../systems/kit/random.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import type { ControlPlane } from "../deploy/control.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import { getFault } from "../faults/index.ts";
import type { FaultTarget, SystemFault } from "../faults/types.ts";
import type { Scenario } from "../scenario/index.ts";
import { runTraffic } from "../traffic/send.ts";
import type { PlannedRequest, Timeline } from "../traffic/timeline.ts";
import { modelReleaser } from "./canary-release.ts";
import type { Step } from "./context.ts";
import { diagnosisRecord } from "./diagnosis-record.ts";
import type { Journal } from "./journal.ts";
import { journalRollback } from "./rollback-journal.ts";
import type { TrialHooks, TrialOperator } from "./run.ts";
import { trialSurface } from "./surface.ts";
import { journaledTraffic, trafficStarts } from "./traffic-journal.ts";

export interface IncidentContext {
  h: SystemHandle;
  control: ControlPlane;
  task: TaskDefinition;
  scenario: Scenario;
  timeline: Timeline;
  seed: number;
  journal: Journal;
  step: Step;
  t: () => number;
  origin: number;
  wallStart: number;
  operator: TrialOperator;
  /** The verification probe's requests, and how long it may take to pass after a rollback. */
  probe: { requests: Record<string, unknown>[]; timeoutMs: number };
  /** Positions of request ids for alert triggers (filled as the traffic goes). */
  positions: Map<string, number>;
  /** performance.now() of the traffic's start, once it has started. */
  trafficStarted(at: number): void;
  since(): number;
}

/**
 * The timeline, then more of the world as it is after the change (the last stretch of requests
 * again, at the same rate) while `busy(i)` says request i is still owed: the operator is at work, a
 * fault is going in, or a fault has not yet been observed as long as the scenario planned. A
 * rollback is then always measured with traffic flowing, however long the diagnosis took.
 */
function* withTail(
  requests: PlannedRequest[],
  busy: (i: number) => boolean,
  rate: number,
  limit = requests.length * 10,
): Generator<PlannedRequest> {
  yield* requests;
  const stretch = requests.slice(-Math.min(100, requests.length));
  let i = requests.length;
  while (busy(i) && stretch.length && i < limit) {
    const p = stretch[i % stretch.length];
    yield { ...p, i, atMs: (i * 1000) / rate };
    i++;
  }
}

export async function runIncident(x: IncidentContext): Promise<void> {
  const { h, task, scenario, timeline, journal, step, t } = x;
  const traffic = journaledTraffic(journal, x.positions);
  let sent = 0;
  const recent: Record<string, unknown>[] = [];
  const { surface, effort } = trialSurface({
    h,
    control: x.control,
    task,
    origin: x.origin,
    since: x.since,
    recent: (n) => recent.slice(-n),
    positionOf: (id) => x.positions.get(id) ?? null,
    t,
  });

  const models = modelReleaser({ h, journal, step, t, sent: () => sent });
  const target: FaultTarget = {
    task,
    modelUnit: h.modelUnit,
    trainModelRelease: (v) => h.train(v),
    logicRelease: async (regression, note) => ({
      unit: h.logicUnit,
      release: await h.releaseLogic(regression ?? "default", note),
    }),
    deploy: (unit, release, by) => h.deploy(unit, release, by),
    releaseModel: (release, by) => models.release(release, by),
    changeSet: (change) => h.releaseChangeSet(change),
    storeFault: async (f) => {
      await h.storeFault(f);
    },
    inferenceFault: async (f) => {
      await h.inferenceFault(f);
    },
  };

  const injections: Promise<unknown>[] = [];
  const stop = new AbortController();
  const trafficStop = new AbortController();
  let operatorActive = false;
  let injecting = 0;
  const hooks: TrialHooks = {
    onActive: (active) => {
      operatorActive = active;
    },
    onDiagnosis: (d) => journal.append(diagnosisRecord(d, sent)),
    onRollback: journalRollback({ h, task, journal, t, probe: x.probe }),
  };
  const operatorRun = x.operator.run({
    surface,
    hooks,
    signal: stop.signal,
    sinceWallMs: x.wallStart,
    journal,
    endTraffic: () => trafficStop.abort(),
  });

  // Slow preparation (training a bad release) happens before the traffic, so a fault goes live at its position.
  const faultRandom = rng(`${x.seed}:system-faults`);
  const injectAt = new Map<number, { type: string; go: () => Promise<void> }[]>();
  for (const e of timeline.systemEvents) {
    const fault = getFault(e.type) as SystemFault<unknown>;
    const go = fault.prepare
      ? await step(`prepare ${e.type}`, () => fault.prepare!(target, e.params, faultRandom))
      : () => fault.inject(target, e.params, faultRandom);
    if (go) injectAt.set(e.atRequest, [...(injectAt.get(e.atRequest) ?? []), { type: e.type, go }]);
  }
  // Every fault is observed in effect for as many requests as the scenario planned after its
  // position, plus the feedback delay, so the truth of the last affected answers comes back: a
  // system fault that takes longer to go in (a restart) is not cut short by the timeline's end.
  const n = timeline.requests.length;
  const delay = scenario.timeline.feedbackDelay;
  let observeUntil = n + delay;
  await step("traffic", async () => {
    x.trafficStarted(trafficStarts(journal, x.origin));
    return runTraffic(
      withTail(
        timeline.requests,
        (i) => operatorActive || injecting > 0 || models.pending() > 0 || i < observeUntil,
        scenario.timeline.rate,
        x.operator.tailLimit?.(timeline.requests.length),
      ),
      {
        signal: trafficStop.signal,
        api: h.api,
        route: task.route,
        answerLabel: task.answer.label,
        origin: x.origin,
        feedbackDelay: scenario.timeline.feedbackDelay,
        beforeSend: (i) => {
          traffic.sending(i);
          for (const e of injectAt.get(i) ?? []) {
            // A system fault begins when it starts going in (a release: its deploy starts) and is
            // in effect once it is done (the bad release serves); both moments are journaled.
            const mark = (name: "fault-begins" | "fault-in-effect") =>
              journal.append({ type: "phase", name, fault: e.type, at_ms: t(), at_request: sent });
            mark("fault-begins");
            injections.push(
              step(`inject ${e.type}`, async () => {
                injecting++;
                await e.go().finally(() => injecting--);
                mark("fault-in-effect");
                observeUntil = Math.max(observeUntil, sent + (n - i) + delay);
              }),
            );
          }
        },
        beforeFeedback: (of, at) => traffic.sendingFeedback(of, at),
        onFeedback: (f) => traffic.feedback(f),
        onSent: (r) => {
          sent++;
          recent.push(r.payload);
          if (recent.length > 500) recent.shift();
          traffic.sent(r);
        },
      },
    );
  });
  await Promise.all(injections);
  await models.close();
  stop.abort();
  await operatorRun;
  journal.append({ type: "effort", ...effort() });
}
