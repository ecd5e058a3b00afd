/**
 * An experiment's directory: manifest.json, plan.json (the ordered matrix, fixed at the start),
 * trials/<id>/journal.jsonl. A trial is finished when its journal holds a summary; that is the
 * only state on disk, so a run killed at any moment resumes from the files alone.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { deployStrategySchema, observabilitySchema } from "../../systems/kit/protocol/index.ts";
import { hasSummary, journalIn } from "../trial/journal.ts";
import type { PlannedTrial } from "./matrix.ts";

export const PLAN_FILE = "plan.json";
export const MANIFEST_FILE = "manifest.json";
const LOCK_FILE = "run.lock";

export class RunDirError extends Error {
  override name = "RunDirError";
}

export const trialDir = (runDir: string, id: string) => path.join(runDir, "trials", id);
export const journalOf = (runDir: string, id: string) => journalIn(trialDir(runDir, id));

/** Written whole or not at all: a kill mid-write leaves the previous file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

const plannedTrial = z.object({
  id: z.string(),
  order: z.number().int(),
  task: z.string(),
  /** The trial's arm (plans before arms: absent, the pattern named it). */
  arm: z.string().optional(),
  pattern: z.string(),
  system: z.string(),
  scenario: z.string(),
  scenarioName: z.string(),
  fault: z.string(),
  seed: z.number().int(),
  kind: z.enum(["rq1", "rq2"]).optional(),
  /** The arm's deploy strategy (plans before it: restart). */
  deploy: deployStrategySchema.optional(),
  /** The arm's observability profile (plans before it: distributed). */
  observability: observabilitySchema.optional(),
});
export const planSchema = z.object({ runId: z.string(), trials: z.array(plannedTrial) });
export type Plan = z.infer<typeof planSchema>;

export function writePlan(runDir: string, plan: Plan): void {
  fs.mkdirSync(runDir, { recursive: true });
  writeJsonAtomic(path.join(runDir, PLAN_FILE), plan);
}

export function readPlan(runDir: string): Plan {
  const file = path.join(runDir, PLAN_FILE);
  if (!fs.existsSync(file))
    throw new RunDirError(`${runDir} is not an experiment run: it has no ${PLAN_FILE}`);
  const parsed = planSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RunDirError(`${file}: ${issue.path.join(".") || "(plan)"}: ${issue.message}`);
  }
  return parsed.data;
}

export type TrialState = "finished" | "unfinished" | "pending";

export function trialState(runDir: string, t: Pick<PlannedTrial, "id">): TrialState {
  const file = journalOf(runDir, t.id);
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return "pending";
  return hasSummary(file) ? "finished" : "unfinished";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One runner per directory. A lock left by a runner that was killed (its pid is gone) is taken
 * over; a live one is refused, naming its pid. Returns the release function.
 */
export function lockRun(runDir: string): () => void {
  const file = path.join(runDir, LOCK_FILE);
  if (fs.existsSync(file)) {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid))
      throw new RunDirError(`${runDir} is being run by process ${pid}; wait for it or stop it first`);
  }
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.rmSync(file);
    } catch {
      // Already gone.
    }
  };
}
