/**
 * `archdrill worker --queue redis://...`: takes one cell at a time from the queue, runs its trials
 * one after another as `archdrill trial` processes (never two at once on this machine) and returns
 * their journals. Each attempt works in a folder of its own, so a cell run again after a worker died
 * never meets the half-written journal of the attempt before.
 */
import fs from "node:fs";
import path from "node:path";
import { type Job, Worker } from "bullmq";
import { z } from "zod";
import { home } from "../paths.ts";
import { journalIn } from "../trial/journal.ts";
import { runTrialProcess } from "./child.ts";
import {
  type CellResult,
  connectionOf,
  packText,
  queueNameOf,
  type TrialResult,
  thisWorker,
} from "./queue.ts";
import { planSchema, trialDir } from "./run-dir.ts";

export const cellJobSchema = z.object({
  runId: z.string().min(1),
  cell: z.string().min(1),
  trials: planSchema.shape.trials,
  /** Where the systems' databases are (services mode), as the coordinator resolved them. */
  services: z.object({ database: z.string() }).optional(),
});
export type CellJob = z.infer<typeof cellJobSchema>;

const readIf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null);

/** Runs a cell's trials in `root` and returns what the coordinator writes. */
export async function runCell(
  data: CellJob,
  root: string,
  onTrial?: (done: number) => Promise<void>,
): Promise<CellResult> {
  const trials: TrialResult[] = [];
  for (const t of data.trials) {
    const outcome = await runTrialProcess(root, t, undefined, data.services);
    trials.push({
      id: t.id,
      exitCode: outcome.exitCode,
      ms: outcome.ms,
      summary: outcome.summary,
      journal: packText(readIf(journalIn(trialDir(root, t.id)))),
      log: packText(readIf(outcome.log)),
      worker: thisWorker(),
    });
    await onTrial?.(trials.length);
  }
  return { trials };
}

export interface WorkerOptions {
  queue: string;
  /** Where attempts run (default $ARCHDRILL_HOME/worker). */
  workDir?: string;
  /** Stop after this many cells (tests); default: run until interrupted. */
  cells?: number;
}

/** Lock settings: a live worker renews its lock every 5 s; one that died loses its job within ~20 s. */
const LOCK = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 };

export async function runWorker(o: WorkerOptions): Promise<number> {
  const root = o.workDir ?? path.join(home(), "worker");
  let done = 0;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const worker = new Worker(
    queueNameOf(o.queue),
    async (job: Job) => {
      const data = cellJobSchema.parse(job.data);
      const attempt = path.join(root, data.runId, `${data.cell}.${Date.now()}`);
      fs.mkdirSync(attempt, { recursive: true });
      console.error(
        `worker ${process.pid}: cell ${data.cell} of run ${data.runId} (${data.trials.length} trials)`,
      );
      const result = await runCell(data, attempt, (n) =>
        job.updateProgress({ done: n, of: data.trials.length }),
      );
      if (o.cells !== undefined && ++done >= o.cells) stop();
      return result;
    },
    { connection: connectionOf(o.queue), concurrency: 1, ...LOCK },
  );
  worker.on("error", (err) => console.error(`worker ${process.pid}: ${String(err)}`));
  const onSignal = () => stop();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  console.error(`worker ${process.pid} on ${thisWorker().host}: waiting for trials on ${o.queue}`);
  await stopped;
  // Finishes the cell in hand (its result goes back), then lets go of the queue.
  await worker.close();
  return 0;
}
