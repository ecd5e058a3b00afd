import { randomBytes } from "node:crypto";
import path from "node:path";
import { ensureDataset } from "../../datasets/ensure.ts";
import type { DeployStrategy, Observability, Summary } from "../../systems/kit/protocol/index.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import { getPattern } from "../../systems/patterns/index.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { measureOffset } from "../deploy/clock-offset.ts";
import { ControlPlane } from "../deploy/control.ts";
import { parseSystem, SystemHandle, trainingSeed } from "../deploy/deploy.ts";
import type { Services } from "../deploy/prepare.ts";
import { armName } from "../experiment/arms.ts";
import { truthOf } from "../faults/grain.ts";
import { type DiagnosisEvent, type RollbackEvent, runAutoOperator } from "../operators/auto.ts";
import type { OperatorSurface } from "../operators/surface.ts";
import { takeBack } from "../operators/take-back.ts";
import { home } from "../paths.ts";
import { ScenarioError } from "../scenario/errors.ts";
import { loadScenario, type Scenario } from "../scenario/index.ts";
import { positioned } from "../scenario/schema.ts";
import { summarize } from "../score/index.ts";
import { planTimeline } from "../traffic/plan.ts";
import { journalAlerts } from "./alert-journal.ts";
import { steadyRunner, stepper } from "./context.ts";
import { runIncident } from "./incident.ts";
import { Journal } from "./journal.ts";
import { runRq2 } from "./rq2.ts";
import { probeRequests } from "./verify.ts";

export interface TrialOptions {
  system: string;
  scenarioFile: string;
  seed?: number;
  outDir?: string;
  /** Longest wait for the verification probe to pass after a rollback. */
  verifyTimeoutMs?: number;
  /** Run the scenario's RQ2 drill (v1 -> new data and v2 -> roll back to v1) instead of its faults. */
  rq2?: boolean;
  /** Who operates the system; the runbook (`autoOperator`) unless told otherwise. */
  operator?: TrialOperator;
  /** How units that restart to change release are replaced (default restart). */
  deploy?: DeployStrategy;
  /** Which monitors the units run (default distributed). */
  observability?: Observability;
  /** Services mode: the system's database on this server (default: SQLite in the trial's run folder). */
  services?: Services;
}

/** The hooks a trial gives its operator: what it reports is journaled on the trial's clock. */
export interface TrialHooks {
  /** True while the operator is at work: the traffic keeps flowing past the timeline meanwhile. */
  onActive(active: boolean): void;
  onDiagnosis(d: DiagnosisEvent): void;
  /** Journals a rollback and runs the verification probe: when it passed, or null if it did not. */
  onRollback(r: RollbackEvent): Promise<{ verifiedMs: number | null }>;
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
  /**
   * The Section 5 drill (RQ2): starts with the traffic; `asked` resolves when the business asks for
   * the inference engine to go back to v1; resolves once the operator is done with it.
   */
  rq2?(ctx: OperatorContext, asked: Promise<Rq2Ask>): Promise<void>;
  /** After the phases, before the summary: what the operator still has to journal (a questionnaire). */
  finish?(journal: Journal): Promise<void>;
}

/** What the RQ2 drill asks of its operator: the unit to roll back, in a sentence a person can act on. */
export interface Rq2Ask {
  unit: string;
  instruction: string;
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
  // Asked, it takes the unit back at once, the way it takes back a bad release.
  async rq2({ surface, hooks }, asked) {
    const { unit } = await asked;
    const decisionMs = surface.now();
    const { from, to, ok, error } = await takeBack(surface, unit, {
      who: "operator:auto",
      reason: "RQ2: back to v1",
    });
    await hooks.onRollback({ unit, from, to, ok, error, decisionMs, doneMs: surface.now() });
  },
};

/**
 * One trial: one scenario on one system with one seed, by one operator (the runbook by default),
 * as a sequence of named phases on one monotonic clock: deploy (with each unit's clock offset),
 * steady state before, the incident (traffic, faults, operator, rollback and its verification) or
 * the RQ2 drill, steady state after, what the system held, the summary. Everything is real: the
 * system runs as processes, traffic is HTTP, faults go in through the system's own surfaces. A
 * failed step is journaled and the trial still ends with a summary and no process left behind.
 */
export interface TrialResult {
  summary: Summary;
  dir: string;
  /** Every unit process the trial started (all exited by the time it returns). */
  pids: number[];
}

export async function runTrial(o: TrialOptions): Promise<TrialResult> {
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
    truth: truthOf(scenario, seed, getPattern(parseSystem(o.system).pattern)),
    injection_request: timeline.injectionRequest,
    fault_positions: positioned(scenario, seed).faults.map((f) => f.at),
    training_seed: trainingSeed(task.seed, seed),
    arm: armName(parseSystem(o.system).pattern, o.observability ?? "distributed", o.deploy ?? "restart"),
    deploy: o.deploy ?? "restart",
    observability: o.observability ?? "distributed",
  });

  const adminToken = randomBytes(18).toString("base64url");
  const control = new ControlPlane(adminToken);
  let handle: SystemHandle | undefined;
  const pids: number[] = [];
  const offsets = new Map<string, number>();
  const positions = new Map<string, number>();
  let trafficStart = Number.POSITIVE_INFINITY;
  let stopAlerts = () => {};
  try {
    await control.start();
    stopAlerts = journalAlerts({
      control,
      journal,
      origin,
      offsetOf: (unit) => offsets.get(unit),
      positionOf: (trigger) => positions.get(trigger) ?? null,
      sent: () => journal.countOf("request"),
    });
    handle = await step("deploy", () =>
      SystemHandle.start({
        system: o.system,
        adminToken,
        alertWebhook: control.webhookUrl,
        seed,
        who: "trial",
        runDir: path.join(dir, "run"),
        deploy: o.deploy,
        observability: o.observability,
        services: o.services,
      }),
    );
    if (handle) {
      const h = handle;
      for (const u of h.units.values()) if (u.pid) pids.push(u.pid);
      control.attach(h);
      await step("measure the units' clocks", async () => {
        for (const [unit, proc] of h.units) {
          const c = await measureOffset(proc.url);
          offsets.set(unit, c.offsetMs);
          journal.append({
            type: "clock",
            at_ms: t(),
            unit,
            offset_ms: c.offsetMs,
            uncertainty_ms: c.uncertaintyMs,
          });
        }
      });
      // The harness's own checks are synthetic traffic: production monitors leave them out.
      const tests = () => task.scenarioTests({ api: h.api, heldOut, synthetic: true });
      const steady = steadyRunner(journal, t, tests, scenario.steadyState);
      const probe = { requests: probeRequests(heldOut, task), timeoutMs: o.verifyTimeoutMs ?? 60_000 };
      await step("steady state before", () => steady("before"));
      if (o.rq2) {
        await runRq2({
          h,
          control,
          operator,
          wallStart,
          task,
          scenario,
          seed,
          journal,
          step,
          t,
          origin,
          probe,
          positions,
        });
      } else {
        await runIncident({
          h,
          control,
          task,
          scenario,
          timeline,
          seed,
          journal,
          step,
          t,
          origin,
          wallStart,
          operator,
          probe,
          positions,
          trafficStarted: (at) => {
            trafficStart = at;
          },
          since: () => trafficStart,
        });
      }
      await step("steady state after", () => steady("after"));
      const finish = operator.finish?.bind(operator);
      if (finish) await step("operator's last word", () => finish(journal));
    }
  } finally {
    stopAlerts();
    // What the system held at the end, by digest and what each model release's head learned.
    const units = await handle?.releaseDigests().catch(() => null);
    if (units) journal.append({ type: "releases", at_ms: t(), units });
    const summary = summarize(journal.records());
    journal.append({ type: "summary", summary });
    await handle?.stop().catch(() => undefined);
    await control.stop().catch(() => undefined);
  }
  return { summary: summarize(journal.records()), dir, pids };
}
