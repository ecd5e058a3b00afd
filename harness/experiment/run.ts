/**
 * `archdrill run`: plans the matrix once (plan.json), then runs every trial that has no finished
 * journal, up to `workers` at a time, each in its own process. Resuming is the same loop over the
 * same plan: a finished trial is never run again, an unfinished one (killed mid-way) is run afresh
 * with its partial journal set aside, so nothing is lost, repeated or half-counted.
 */
import os from "node:os";
import path from "node:path";
import { modeOf, resolveServices, type ServiceMode } from "../deploy/services.ts";
import { repoRoot } from "../paths.ts";
import { type Arm, comparisonOf, resolveArms } from "./arms.ts";
import { runTrialProcess } from "./child.ts";
import {
  addReleases,
  createManifest,
  type Manifest,
  noteResume,
  type RunOptionsRecord,
  readManifest,
  writeManifest,
} from "./manifest.ts";
import {
  DEFAULT_SEEDS,
  defaultTasks,
  type PlannedTrial,
  planMatrix,
  QUICK,
  STANDARD_SCENARIOS,
} from "./matrix.ts";
import { Progress } from "./progress.ts";
import { lockRun, type Plan, RunDirError, readPlan, trialState, writePlan } from "./run-dir.ts";

/**
 * One trial per core pair: a trial is a harness process plus one to four unit processes, and rollback and detection times are CPU-bound moments; more at once lengthens
 * them (measured: see the README's "Running the experiment").
 */
export const defaultWorkers = () => Math.max(1, Math.floor(os.availableParallelism() / 2));

export interface ExperimentOptions {
  tasks?: string[];
  /** Arm names or pattern/observability/deploy specs, "default" or "all" (arms.ts); default: default. */
  arms?: string[];
  scenarios?: string[];
  seeds?: number;
  quick?: boolean;
  rq2?: boolean;
  workers?: number;
  out?: string;
  /** A run directory to finish instead of planning a new one. */
  resume?: string;
  /** Where the systems' databases are (default embedded: SQLite files); recorded in the manifest. */
  services?: ServiceMode;
  /** The MySQL/MariaDB server of --services external. */
  mysql?: string;
}

export interface ExperimentResult {
  runDir: string;
  plan: Plan;
  finished: number;
  unfinished: string[];
}

const runStamp = () =>
  new Date()
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[:]/g, "-");

export function resolveMatrix(o: ExperimentOptions): RunOptionsRecord & { arms: Arm[] } {
  const tasks = o.tasks ?? (o.quick ? QUICK.tasks : defaultTasks());
  const scenarios = o.scenarios ?? (o.quick ? QUICK.scenarios : [...STANDARD_SCENARIOS]);
  const n = o.seeds ?? (o.quick ? QUICK.seeds : DEFAULT_SEEDS);
  const arms = resolveArms(o.arms);
  return {
    tasks,
    arms,
    comparison: comparisonOf(arms.map((a) => a.name)),
    scenarios,
    seeds: Array.from({ length: n }, (_, k) => k + 1),
    workers: o.workers ?? defaultWorkers(),
    quick: Boolean(o.quick),
    rq2: Boolean(o.rq2),
    services: modeOf(o),
  };
}

/** Plans a new run: plan.json and manifest.json in a fresh directory. */
export async function planRun(
  o: ExperimentOptions,
): Promise<{ runDir: string; plan: Plan; manifest: Manifest }> {
  const options = resolveMatrix(o);
  const trials = planMatrix(options);
  const runId = `${runStamp()}${options.quick ? "-quick" : ""}`;
  const runDir = path.resolve(o.out ?? path.join(repoRoot, "results", runId));
  try {
    readPlan(runDir);
    throw new RunDirError(`${runDir} already holds a run; finish it with: archdrill run --resume ${runDir}`);
  } catch (e) {
    if (!(e instanceof RunDirError) || !/has no plan\.json/.test(e.message)) throw e;
  }
  const plan = { runId, trials };
  writePlan(runDir, plan);
  const manifest = await createManifest(runId, trials, options);
  writeManifest(runDir, manifest);
  return { runDir, plan, manifest };
}

/** A new run planned, or the one to resume, locked, with its services resolved. */
export async function openRun(o: ExperimentOptions) {
  let runDir: string;
  let plan: Plan;
  let manifest: Manifest;
  if (o.resume) {
    runDir = path.resolve(o.resume);
    plan = readPlan(runDir);
    manifest = readManifest(runDir);
    noteResume(manifest);
  } else ({ runDir, plan, manifest } = await planRun(o));
  const release = lockRun(runDir);
  try {
    // A resumed run keeps the services mode it was planned with; external needs its server URL again.
    const mode = o.resume ? (manifest.options.services ?? "embedded") : modeOf(o);
    const services = await resolveServices(mode, { mysql: o.mysql });
    return { runDir, plan, manifest, release, services };
  } catch (err) {
    release();
    throw err;
  }
}

export async function runExperiment(o: ExperimentOptions): Promise<ExperimentResult> {
  const { runDir, plan, manifest, release, services } = await openRun(o);
  try {
    const workers = o.workers ?? manifest.options.workers;
    const todo = plan.trials.filter((t) => trialState(runDir, t) !== "finished");
    const where = path.relative(process.cwd(), runDir) || runDir;
    console.error(
      o.resume
        ? `resuming run ${plan.runId} in ${where}: ${todo.length} of ${plan.trials.length} trials to go, ${workers} at a time`
        : `run ${plan.runId} in ${where}: ${plan.trials.length} trials, ${workers} at a time`,
    );
    const progress = new Progress(plan.trials.length, plan.trials.length - todo.length, workers);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const next = (): PlannedTrial | undefined => (stop.signal.aborted ? undefined : todo.shift());
    const worker = async () => {
      for (let t = next(); t; t = next()) {
        progress.start(t.id);
        const outcome = await runTrialProcess(runDir, t, stop.signal, services.services);
        if (stop.signal.aborted) return;
        addReleases(manifest, runDir, t);
        writeManifest(runDir, manifest);
        progress.finish({ id: t.id, summary: outcome.summary, ms: outcome.ms });
      }
    };
    writeManifest(runDir, manifest);
    await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    const unfinished = plan.trials.filter((t) => trialState(runDir, t) !== "finished").map((t) => t.id);
    if (stop.signal.aborted)
      throw new RunDirError(
        `interrupted with ${unfinished.length} trials to go; finish with: archdrill run --resume ${runDir}`,
      );
    return { runDir, plan, finished: plan.trials.length - unfinished.length, unfinished };
  } finally {
    await services.stop();
    release();
  }
}
