/**
 * `archdrill run --queue redis://...`: the coordinator. It plans (or resumes) the run folder as a
 * local run does, enqueues one job per cell with unfinished trials, and writes each finished cell's
 * journals into the folder, recording the worker each trial ran on. Killed and resumed, it reads
 * the queue's state: cells already done are written, cells in progress are waited for, cells that
 * failed are retried; nothing is enqueued twice (a job's id names its run and cell).
 */
import fs from "node:fs";
import path from "node:path";
import { type Job, Queue } from "bullmq";
import { parseAs, type Summary, summarySchema } from "../../systems/kit/protocol/index.ts";
import { completeSummary } from "../score/summarize.ts";
import { journalIn, setAside } from "../trial/journal.ts";
import { addReleases, writeManifest } from "./manifest.ts";
import type { PlannedTrial } from "./matrix.ts";
import { Progress } from "./progress.ts";
import {
  cellResultSchema,
  cells,
  connectionOf,
  jobIdOf,
  queueNameOf,
  type TrialResult,
  unpackText,
} from "./queue.ts";
import { type ExperimentOptions, type ExperimentResult, openRun } from "./run.ts";
import { RunDirError, trialDir, trialState } from "./run-dir.ts";
import type { CellJob } from "./worker.ts";

/** Tries of a cell: a worker's crash is retried by the stalled check; a trial process failing, once more. */
const ATTEMPTS = 2;

function summaryOf(r: TrialResult): Summary | null {
  if (r.exitCode !== 0 || r.summary === null) return null;
  try {
    return completeSummary(parseAs(summarySchema, r.summary, "the trial's summary"));
  } catch {
    return null;
  }
}

/** Writes a trial's journal and log where a local run would, setting aside an unfinished one found there. */
export function writeTrial(runDir: string, r: TrialResult): void {
  const dir = trialDir(runDir, r.id);
  fs.mkdirSync(dir, { recursive: true });
  const file = journalIn(dir);
  if (fs.existsSync(file)) setAside(dir, file);
  if (r.journal !== null) fs.writeFileSync(file, unpackText(r.journal));
  if (r.log !== null) fs.appendFileSync(path.join(dir, "trial.log"), unpackText(r.log));
}

export async function runQueued(o: ExperimentOptions & { queue: string }): Promise<ExperimentResult> {
  const { runDir, plan, manifest, release, services } = await openRun(o);
  const queue = new Queue(queueNameOf(o.queue), { connection: connectionOf(o.queue) });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const todo = cells(plan.trials.filter((t) => trialState(runDir, t) !== "finished"));
    const byId = new Map(plan.trials.map((t) => [t.id, t]));
    console.error(
      `run ${plan.runId} in ${path.relative(process.cwd(), runDir) || runDir}: ${todo.size} cells to go on the queue at ${o.queue}`,
    );
    for (const [cell, trials] of todo) {
      const id = jobIdOf(plan.runId, cell);
      const job = await queue.getJob(id);
      if (job && (await job.isFailed())) await job.retry();
      else if (!job) {
        const data: CellJob = {
          runId: plan.runId,
          cell,
          trials,
          ...(services.services ? { services: services.services } : {}),
        };
        await queue.add("cell", data, {
          jobId: id,
          attempts: ATTEMPTS,
          removeOnComplete: false,
          removeOnFail: false,
        });
      }
    }
    const progress = new Progress(
      plan.trials.length,
      plan.trials.length - [...todo.values()].flat().length,
      1,
    );
    const pending = new Map(todo);
    const active = new Set<string>();
    for (let turn = 0; pending.size > 0 && !stop.signal.aborted; turn++) {
      // One read per turn for the states that need the coordinator; a job gone from the queue
      // altogether is looked for once a minute, not every second.
      const seen = new Map<string, { job: Job; state: string }>();
      for (const state of ["active", "completed", "failed"] as const)
        for (const job of await queue.getJobs([state])) if (job?.id) seen.set(job.id, { job, state });
      for (const [cell, trials] of pending) {
        const id = jobIdOf(plan.runId, cell);
        const found = seen.get(id);
        const job = found?.job;
        const state = found?.state ?? (turn % 60 === 59 ? await queue.getJobState(id) : "waiting");
        if (state === "active" && !active.has(cell)) {
          active.add(cell);
          for (const t of trials) progress.start(t.id);
        }
        if (state === "completed" && job) {
          const result = parseAs(cellResultSchema, job.returnvalue, `the result of cell ${cell}`);
          // Only the cell's unfinished trials: a coordinator killed between writing a cell's trials
          // and removing its job finds the others already in the folder, and leaves them be.
          const wanted = new Set(trials.map((t) => t.id));
          for (const r of result.trials.filter((x) => wanted.has(x.id))) {
            writeTrial(runDir, r);
            const t = byId.get(r.id) as PlannedTrial;
            addReleases(manifest, runDir, t);
            manifest.workers = { ...manifest.workers, [r.id]: r.worker };
            writeManifest(runDir, manifest);
            progress.finish({ id: r.id, summary: summaryOf(r), ms: r.ms });
          }
          await job.remove();
          pending.delete(cell);
        } else if (state === "failed" || state === "unknown") {
          console.error(
            `cell ${cell}: ${state === "failed" ? `failed (${job?.failedReason})` : "not on the queue"}`,
          );
          pending.delete(cell);
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const unfinished = plan.trials.filter((t) => trialState(runDir, t) !== "finished").map((t) => t.id);
    if (stop.signal.aborted)
      throw new RunDirError(
        `interrupted with ${unfinished.length} trials to go (the queue keeps their cells); finish with: archdrill run --queue ${o.queue} --resume ${runDir}`,
      );
    return { runDir, plan, finished: plan.trials.length - unfinished.length, unfinished };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await queue.close();
    await services.stop();
    release();
  }
}
