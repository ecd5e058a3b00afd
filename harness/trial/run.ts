import { randomBytes } from "node:crypto";
import path from "node:path";
import { ensureDataset } from "../../datasets/ensure.ts";
import { requestJson } from "../../systems/kit/http/client.ts";
import type { Summary } from "../../systems/kit/protocol/index.ts";
import { rng } from "../../systems/kit/random.ts";
import { changedParts } from "../../systems/kit/release/components.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { ControlPlane } from "../deploy/control.ts";
import { parseSystem, SystemHandle } from "../deploy/deploy.ts";
import { getFault } from "../faults/index.ts";
import type { FaultTarget, SystemFault } from "../faults/types.ts";
import { type DiagnosisEvent, type RollbackEvent, runAutoOperator } from "../operators/auto.ts";
import type { OperatorSurface } from "../operators/surface.ts";
import { home } from "../paths.ts";
import { ScenarioError } from "../scenario/errors.ts";
import { loadScenario, type Scenario } from "../scenario/index.ts";
import { summarize } from "../score/index.ts";
import { planTimeline } from "../traffic/plan.ts";
import { runTraffic } from "../traffic/send.ts";
import type { PlannedRequest } from "../traffic/timeline.ts";
import { steadyRunner, stepper } from "./context.ts";
import { Journal } from "./journal.ts";
import { runRq2 } from "./rq2.ts";

export interface TrialOptions {
  system: string;
  scenarioFile: string;
  seed?: number;
  outDir?: string;
  /** Longest wait for the scenario tests to pass again after a rollback. */
  recoverTimeoutMs?: number;
  /** Run the scenario's RQ2 drill (v1 -> new data and v2 -> roll back to v1) instead of its faults. */
  rq2?: boolean;
  /** Who operates the system; the runbook (`autoOperator`) unless told otherwise. */
  operator?: TrialOperator;
}

/** The hooks a trial gives its operator: what it reports is journaled on the trial's clock. */
export interface TrialHooks {
  /** True while the operator is at work: the traffic keeps flowing past the timeline meanwhile. */
  onActive(active: boolean): void;
  onDiagnosis(d: DiagnosisEvent): void;
  /** Journals a rollback once the scenario tests pass again (or the wait ran out: null). */
  onRollback(r: RollbackEvent): Promise<{ testsPassMs: number | null }>;
}

export interface OperatorContext {
  surface: OperatorSurface;
  hooks: TrialHooks;
  /** Aborted once the traffic has ended: the operator stops watching. */
  signal: AbortSignal;
  /** Wall-clock ms when the trial started: release moves before it are not news. */
  sinceWallMs: number;
  journal: Journal;
  /** Ends the traffic before its timeline is done (a drill the participant ended). */
  endTraffic(): void;
}

/** Who detects, localizes and rolls back in a trial: the runbook or a person at the console. */
export interface TrialOperator {
  kind: "auto" | "human";
  /** The scenario as this operator's trials run it (a drill hides the fault's position). */
  scenario?(scenario: Scenario, seed: number): Scenario;
  /** Most requests the traffic adds after the timeline while the operator is active. */
  tailLimit?(timelineRequests: number): number;
  run(ctx: OperatorContext): Promise<void>;
  /** After the phases, before the summary: what the operator still has to journal (a questionnaire). */
  finish?(journal: Journal): Promise<void>;
}

/** The runbook operator: the default, measured by the automated experiment. */
export const autoOperator: TrialOperator = {
  kind: "auto",
  run: ({ surface, hooks, signal, sinceWallMs }) =>
    runAutoOperator(
      surface,
      {
        onActive: hooks.onActive,
        onDiagnosis: hooks.onDiagnosis,
        onRollback: async (r) => {
          await hooks.onRollback(r);
        },
      },
      { signal, sinceWallMs },
    ),
};

/**
 * One trial: one scenario on one system with one seed, by one operator (the runbook by default). Everything is
 * real: the system runs as processes, traffic is HTTP, the fault goes in through the system's own
 * surfaces, and every time is read from the harness's monotonic clock. A failed step is journaled
 * and the trial still ends with a summary and no process left behind.
 */

/**
 * The timeline, then, while the operator is still at work (or a fault is still going in), more of
 * the world as it is after the change: the last stretch of requests again, at the same rate. A
 * rollback is then always measured with traffic flowing, however long the diagnosis took.
 */
function* withTail(
  requests: PlannedRequest[],
  busy: () => boolean,
  rate: number,
  limit = requests.length * 10,
): Generator<PlannedRequest> {
  yield* requests;
  const stretch = requests.slice(-Math.min(100, requests.length));
  let i = requests.length;
  while (busy() && stretch.length && i < limit) {
    const p = stretch[i % stretch.length];
    yield { ...p, i, atMs: (i * 1000) / rate };
    i++;
  }
}

export async function runTrial(o: TrialOptions): Promise<{ summary: Summary; dir: string; pids: number[] }> {
  const origin = performance.now();
  const wallStart = Date.now();
  const t = () => performance.now() - origin;
  const { task: taskName } = parseSystem(o.system);
  const operator = o.operator ?? autoOperator;
  const loaded = loadScenario(o.scenarioFile);
  if (o.rq2 && !loaded.scenario.rq2) throw new ScenarioError([`scenario ${loaded.file} has no rq2 section`]);
  if (loaded.scenario.task !== taskName)
    throw new ScenarioError([
      `scenario ${loaded.file} is for task '${loaded.scenario.task}', not '${taskName}'`,
    ]);
  const task = getTask(taskName);
  await ensureDataset(task.dataset);
  const seed = o.seed ?? loaded.scenario.timeline.seed;
  const scenario = operator.scenario ? operator.scenario(loaded.scenario, seed) : loaded.scenario;
  const name = path.basename(loaded.file).replace(/\.ya?ml$/, "");
  // Unique even for two trials started in the same millisecond by one process (parallel tests).
  const unique = `${Date.now()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const dir =
    o.outDir ?? path.join(home(), "trials", `${o.system.replace("/", "-")}-${name}-s${seed}-${unique}`);
  const journal = Journal.create(dir);

  const step = stepper(journal, t);

  const heldOut = initialSplit(task).heldOut;
  const timeline = planTimeline(scenario, seed);
  journal.append({
    type: "trial",
    at_ms: t(),
    system: o.system,
    scenario: loaded.file,
    scenario_digest: loaded.digest,
    faults: o.rq2 ? [`rq2:${scenario.rq2?.variant}`] : scenario.faults.map((f) => f.type),
    kind: o.rq2 ? "rq2" : "rq1",
    seed,
    operator: operator.kind,
    started_at: new Date(wallStart).toISOString(),
    truth: scenario.groundTruth,
    injection_request: timeline.injectionRequest,
  });

  const adminToken = randomBytes(18).toString("base64url");
  const control = new ControlPlane(adminToken);
  let handle: SystemHandle | undefined;
  const pids: number[] = [];
  try {
    const controlUrl = await control.start();
    handle = await step("deploy", () =>
      SystemHandle.start({
        system: o.system,
        adminToken,
        alertWebhook: `${controlUrl}/webhook`,
        seed,
        who: "trial",
        runDir: path.join(dir, "run"),
      }),
    );
    if (handle) {
      for (const u of handle.units.values()) if (u.pid) pids.push(u.pid);
      control.attach(handle);
      if (o.rq2) {
        const h = handle;
        const tests = () => task.scenarioTests({ api: h.api, heldOut });
        const steady = steadyRunner(journal, t, tests, scenario.steadyState);
        const recoverTimeoutMs = o.recoverTimeoutMs ?? 60_000;
        await runRq2({ h, task, scenario, seed, journal, step, t, origin, steady, tests, recoverTimeoutMs });
      } else {
        await runPhases(handle, control);
        const finish = operator.finish?.bind(operator);
        if (finish) await step("operator's last word", () => finish(journal));
      }
    }
  } finally {
    // What the system held at the end, by digest (the manifest's record of the bytes that ran).
    const units = await handle?.releaseDigests().catch(() => null);
    if (units) journal.append({ type: "releases", at_ms: t(), units });
    const summary = summarize(journal.records());
    journal.append({ type: "summary", summary });
    await handle?.stop().catch(() => undefined);
    await control.stop().catch(() => undefined);
  }
  return { summary: summarize(journal.records()), dir, pids };

  async function runPhases(h: SystemHandle, c: ControlPlane): Promise<void> {
    const tests = () => task.scenarioTests({ api: h.api, heldOut });
    const steady = steadyRunner(journal, t, tests, scenario.steadyState);
    await step("steady state before", () => steady("before"));

    let sent = 0;
    const trafficStart = performance.now();
    const recent: Record<string, unknown>[] = [];
    const journaled = new Set<unknown>();
    const logAlerts = () => {
      for (const r of c.receipts) {
        if (journaled.has(r) || r.at < trafficStart) continue;
        journaled.add(r);
        // A resolution is not an alert: only firing events count for detection and false alarms.
        if (r.alert.status !== "firing") continue;
        journal.append({
          type: "alert",
          at_ms: r.at - origin,
          at_request: sent,
          labels: r.alert.labels,
          starts_at: r.alert.startsAt,
        });
      }
    };
    const alertTimer = setInterval(logAlerts, 100);

    const target: FaultTarget = {
      task,
      modelUnit: h.modelUnit,
      trainModelRelease: (v) => h.train(v),
      logicRelease: async (regression, note) => ({
        unit: h.logicUnit,
        release: await h.releaseLogic(regression ?? "default", note),
      }),
      deploy: (unit, release, by) => h.deploy(unit, release, by),
      storeFault: async (f) => {
        await h.storeFault(f);
      },
    };
    const surface: OperatorSurface = {
      inputFeatures: task.modelFields,
      units: [...h.units.keys()],
      modelUnit: h.modelUnit,
      logicUnit: h.logicUnit,
      alerts: () =>
        c.receipts.filter((r) => r.at >= trafficStart).map((r) => ({ alert: r.alert, atMs: r.at - origin })),
      metrics: async (unit) => String((await requestJson(`${h.url(unit)}/metrics`)).body),
      logs: (unit, lines) => h.logTail(unit, lines),
      releases: (unit) => h.releases(unit),
      recent: (n) => recent.slice(-n),
      replay: (unit, release, payloads) => h.replay(unit, release, payloads),
      rollback: (unit, by) => h.rollback(unit, by),
      now: t,
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
      onDiagnosis: (d) =>
        journal.append({
          type: "diagnosis",
          at_ms: d.atMs,
          at_request: sent,
          ranked: d.ranked,
          replays: d.replays,
        }),
      onRollback: async (r) => {
        let testsPass: number | null = null;
        if (r.ok) {
          const deadline = t() + (o.recoverTimeoutMs ?? 60_000);
          while (testsPass === null && t() < deadline) {
            const checks = await tests().catch(() => []);
            if (checks.length && checks.every((x) => x.passed)) testsPass = t();
          }
        }
        const { releases } = await h.releases(r.unit);
        const releaseOf = (n: number) => releases.find((x) => x.number === n) ?? null;
        journal.append({
          type: "rollback",
          unit: r.unit,
          from: r.from,
          to: r.to,
          decision_ms: r.decisionMs,
          done_ms: r.doneMs,
          tests_pass_ms: testsPass,
          ok: r.ok,
          reverted: changedParts(releaseOf(r.from), releaseOf(r.to)),
        });
        return { testsPassMs: testsPass };
      },
    };
    const operatorRun = operator.run({
      surface,
      hooks,
      signal: stop.signal,
      sinceWallMs: wallStart,
      journal,
      endTraffic: () => trafficStop.abort(),
    });

    // Slow preparation (training a bad release) happens before the traffic, so a fault goes live at its position.
    const faultRandom = rng(`${seed}:system-faults`);
    // Data and payload faults start at their position on the timeline, as the timeline placed them.
    const dataAt = new Map<number, string[]>();
    for (const f of scenario.faults) {
      if (getFault(f.type).kind === "system") continue;
      const at = Math.round(f.at * scenario.timeline.requests);
      dataAt.set(at, [...(dataAt.get(at) ?? []), f.type]);
    }
    const injectAt = new Map<number, { type: string; go: () => Promise<void> }[]>();
    for (const e of timeline.systemEvents) {
      const fault = getFault(e.type) as SystemFault<unknown>;
      const go = fault.prepare
        ? await step(`prepare ${e.type}`, () => fault.prepare!(target, e.params, faultRandom))
        : () => fault.inject(target, e.params, faultRandom);
      if (go) injectAt.set(e.atRequest, [...(injectAt.get(e.atRequest) ?? []), { type: e.type, go }]);
    }
    await step("traffic", () =>
      runTraffic(
        withTail(
          timeline.requests,
          () => operatorActive || injecting > 0,
          scenario.timeline.rate,
          operator.tailLimit?.(timeline.requests.length),
        ),
        {
          signal: trafficStop.signal,
          api: h.api,
          route: task.route,
          origin,
          feedbackDelay: scenario.timeline.feedbackDelay,
          beforeSend: (i, atMs) => {
            for (const type of dataAt.get(i) ?? [])
              journal.append({ type: "injection", fault: type, at_ms: atMs, at_request: i });
            for (const e of injectAt.get(i) ?? []) {
              // A system fault is injected when it takes effect (the bad release is live), not when it is asked for.
              injections.push(
                step(`inject ${e.type}`, async () => {
                  injecting++;
                  await e.go().finally(() => injecting--);
                  journal.append({ type: "injection", fault: e.type, at_ms: t(), at_request: sent });
                }),
              );
            }
          },
          onSent: (r) => {
            sent++;
            recent.push(r.payload);
            if (recent.length > 500) recent.shift();
            journal.append({
              type: "request",
              i: r.i,
              sent_ms: r.sentMs,
              ms: r.ms,
              status: r.status,
              ok: r.ok,
            });
          },
        },
      ),
    );
    await Promise.all(injections);
    logAlerts();
    stop.abort();
    await operatorRun;
    clearInterval(alertTimer);
    logAlerts();
    await step("steady state after", () => steady("after"));
  }
}
