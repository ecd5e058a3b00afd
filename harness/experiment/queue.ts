/**
 * A matrix spread over machines with BullMQ on Redis: the coordinator (`run --queue`) enqueues one
 * job per cell, so both arms of a cell run back to back on one worker under the same conditions;
 * workers (`archdrill worker --queue`) take jobs one at a time, run the trials as `archdrill trial`
 * processes and return their journals; the coordinator writes them into the run folder as a local
 * run would. A worker that dies mid-job loses its lock and the job goes back to the queue (BullMQ's
 * stalled-job check), and runs again from the start on whichever worker takes it.
 */
import os from "node:os";
import { gunzipSync, gzipSync } from "node:zlib";
import type { ConnectionOptions } from "bullmq";
import { z } from "zod";
import type { PlannedTrial } from "./matrix.ts";

/**
 * The queue: one for every run (a job's id names its run and cell, so enqueueing twice adds it
 * once); `?name=` in the URL picks another, e.g. for a group sharing one Redis or for tests.
 */
export const QUEUE_NAME = "archdrill-trials";

export function queueNameOf(url: string): string {
  const name = new URL(url).searchParams.get("name");
  if (name !== null && !/^[\w-]{1,100}$/.test(name))
    throw new QueueError(`the queue name in --queue must be letters, digits, _ and - (got '${name}')`);
  return name ?? QUEUE_NAME;
}

export class QueueError extends Error {
  override name = "QueueError";
}

/** redis://[user:pass@]host:port[/db] as BullMQ's connection options. */
export function connectionOf(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError(`--queue must be a URL such as redis://127.0.0.1:6379 (got '${url}')`);
  }
  if (u.protocol !== "redis:") throw new QueueError(`--queue must be a redis:// URL (got '${url}')`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    // Workers block on Redis: ioredis must not give up on a command (BullMQ requires null).
    maxRetriesPerRequest: null,
  };
}

/** The cell a trial belongs to: everything but the arm. */
export function cellOf(t: PlannedTrial): string {
  return [t.task, t.scenarioName, `s${t.seed}`, t.kind ?? "rq1"].join(".");
}

/** The plan's trials by cell, each cell's trials in the plan's (counterbalanced) order. */
export function cells(trials: PlannedTrial[]): Map<string, PlannedTrial[]> {
  const out = new Map<string, PlannedTrial[]>();
  for (const t of [...trials].sort((a, b) => a.order - b.order)) {
    const key = cellOf(t);
    out.set(key, [...(out.get(key) ?? []), t]);
  }
  return out;
}

// BullMQ refuses ":" in a custom job id.
export const jobIdOf = (runId: string, cell: string) => `${runId}__${cell}`;

/** Where a trial ran: what the manifest records, so a reader can see when workers differ. */
export const workerSchema = z.object({
  host: z.string(),
  cpu: z.string(),
  cores: z.number().int(),
  pid: z.number().int(),
});
export type WorkerInfo = z.infer<typeof workerSchema>;

export function thisWorker(): WorkerInfo {
  const cpus = os.cpus();
  return { host: os.hostname(), cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, pid: process.pid };
}

export const trialResultSchema = z.object({
  id: z.string(),
  exitCode: z.number().int().nullable(),
  ms: z.number(),
  /** The summary the trial printed (null when it did not finish). */
  summary: z.unknown().nullable(),
  /** journal.jsonl, gzipped and base64: the coordinator writes it where a local run would. */
  journal: z.string().nullable(),
  /** The trial process's stderr (trial.log), gzipped and base64. */
  log: z.string().nullable(),
  worker: workerSchema,
});
export type TrialResult = z.infer<typeof trialResultSchema>;

export const cellResultSchema = z.object({ trials: z.array(trialResultSchema) });
export type CellResult = z.infer<typeof cellResultSchema>;

export const packText = (text: string | null) => (text === null ? null : gzipSync(text).toString("base64"));
export const unpackText = (packed: string) => gunzipSync(Buffer.from(packed, "base64")).toString("utf8");
