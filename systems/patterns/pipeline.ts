/**
 * The release pipeline of a system: preparing it (initial data and releases), training another
 * model release, registering a logic release or a change set. Every step runs as a job in a
 * process of its own (`pipeline-main.ts`), the way a team's CI would, so training never stalls a
 * serving unit's event loop; a unit of the system (the pattern's `pipelineUnit`) runs the jobs
 * behind its admin routes, and only the deploy module starts the `prepare` job before any unit.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Router } from "express";
import { z } from "zod";
import { bodyOf } from "../kit/http/body.ts";
import {
  changeSetRequestSchema,
  ingestRequestSchema,
  logicReleaseRequestSchema,
  parseJsonAs,
  type ReleaseRef,
  releaseRefSchema,
  trainRequestSchema,
  trainVariantSchema,
  type UnitConfig,
} from "../kit/protocol/index.ts";
import { getTask } from "../tasks/index.ts";
import { type PatternDefinition, runFiles } from "./types.ts";

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "pipeline-main.ts");
const tsxLoader = import.meta.resolve("tsx");

export class PipelineError extends Error {
  override name = "PipelineError";
}

export const pipelineStepSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("prepare"), variant: trainVariantSchema.default({}) }),
  z.object({ op: z.literal("train"), variant: trainVariantSchema }),
  z.object({ op: z.literal("logic"), logic: z.string().min(1), note: z.string() }),
  z.object({ op: z.literal("change-set"), variant: trainVariantSchema, logic: z.string().min(1).nullable() }),
]);
export type PipelineStep = z.infer<typeof pipelineStepSchema>;

export const pipelineJobSchema = z.object({
  task: z.string().min(1),
  pattern: z.string().min(1),
  runDir: z.string().min(1),
  cacheDir: z.string().min(1),
  codeVersion: z.string().min(1),
  database: z.string().min(1).nullable().optional(),
  /** Who the alias-move log names for the moves the job makes (the initial release). */
  who: z.string().min(1),
  step: pipelineStepSchema,
});
export type PipelineJob = z.infer<typeof pipelineJobSchema>;

/** What a job prints as its last line: the releases it registered, in deploy order. */
export const pipelineResultSchema = z.object({ releases: z.array(releaseRefSchema) });

/** Runs one pipeline step as a job process and returns the releases it registered. */
export async function runPipelineJob(job: PipelineJob, timeoutMs = 20 * 60_000): Promise<ReleaseRef[]> {
  const log = path.join(job.runDir, runFiles.logs, "pipeline.log");
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const child = spawn(process.execPath, ["--import", tsxLoader, entry], {
    env: { ...process.env, ARCHDRILL_JOB: JSON.stringify(job) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    out += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    err += d;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (c) => resolve(c));
  }).finally(() => clearTimeout(timer));
  fs.appendFileSync(log, `--- ${job.step.op} (exit ${code})\n${err}`);
  if (code !== 0)
    throw new PipelineError(
      `pipeline step '${job.step.op}' of ${job.task}/${job.pattern} failed (exit ${code}): ${err.trim().split("\n").slice(-5).join(" | ")}`,
    );
  const last = out.trim().split("\n").at(-1) ?? "";
  return parseJsonAs(pipelineResultSchema, last, `pipeline step '${job.step.op}'`).releases;
}

/**
 * The pipeline's admin routes on the unit that hosts it: data in (`POST /pipeline/data`, appended
 * where the pattern keeps training data), and releases out (`/pipeline/train`, `/pipeline/logic`,
 * `/pipeline/change-set`, each a job). Replies name releases as `{unit, number}`.
 */
export function mountPipeline(admin: Router, pattern: PatternDefinition, config: UnitConfig): void {
  const task = getTask(config.task);
  const job = (step: PipelineStep) =>
    runPipelineJob({
      task: config.task,
      pattern: pattern.name,
      runDir: config.runDir,
      cacheDir: config.cacheDir,
      codeVersion: config.codeVersion,
      database: config.database,
      who: "pipeline",
      step,
    });
  admin.post("/pipeline/data", async (req, res) => {
    const { rows } = bodyOf(ingestRequestSchema, req.body);
    await pattern.ingest({ task, runDir: config.runDir, database: config.database }, rows);
    res.json({ ingested: rows.length });
  });
  admin.post("/pipeline/train", async (req, res) => {
    const { variant } = bodyOf(trainRequestSchema, req.body);
    const [release] = await job({ op: "train", variant });
    res.json({ release });
  });
  admin.post("/pipeline/logic", async (req, res) => {
    const body = bodyOf(logicReleaseRequestSchema, req.body);
    const [release] = await job({ op: "logic", ...body });
    res.json({ release });
  });
  admin.post("/pipeline/change-set", async (req, res) => {
    const body = bodyOf(changeSetRequestSchema, req.body);
    res.json({ releases: await job({ op: "change-set", ...body }) });
  });
}
