/**
 * What a reviewer needs to know to reproduce a run: code, runtime, machine, the exact scenario,
 * dataset and release bytes (by digest). Written at the start, updated as trials finish.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { manifest as datasets } from "../../datasets/manifest.ts";
import { initBackend } from "../../systems/kit/engine/index.ts";
import { deployStrategySchema, observabilitySchema, parseJsonAs } from "../../systems/kit/protocol/index.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { SERVICE_MODES } from "../deploy/services.ts";
import { codeVersion, git, repoRoot } from "../paths.ts";
import { DEFAULT_MARGINS, marginsSchema } from "../report/margins.ts";
import { loadScenario } from "../scenario/index.ts";
import { journalIn, readJournal } from "../trial/journal.ts";
import { armSchema } from "./arms.ts";
import type { PlannedTrial } from "./matrix.ts";
import { workerSchema } from "./queue.ts";
import { MANIFEST_FILE, trialDir, writeJsonAtomic } from "./run-dir.ts";

export const runOptionsSchema = z.object({
  tasks: z.array(z.string()),
  /** The arms run, each with its factors (manifests before arms: absent, patterns named them). */
  arms: z.array(armSchema).optional(),
  /** The declared comparison: the baseline arm and the treatment arm (manifests before arms: absent). */
  comparison: z.object({ baseline: z.string(), treatment: z.string() }).optional(),
  /** Manifests before arms: the patterns run, each with the run's deploy and observability below. */
  patterns: z.array(z.string()).optional(),
  scenarios: z.array(z.string()),
  seeds: z.array(z.number().int()),
  workers: z.number().int(),
  quick: z.boolean(),
  rq2: z.boolean().optional(),
  /** Where the systems' databases were (manifests before services mode: absent, embedded). */
  services: z.enum(SERVICE_MODES).optional(),
  /** Manifests between the factors and arms: every trial's deploy strategy (before it: restart). */
  deploy: deployStrategySchema.optional(),
  /** Manifests between the factors and arms: every trial's observability (before it: distributed). */
  observability: observabilitySchema.optional(),
  /**
   * Equivalence margins per measure key, in the measure's unit (report/margins.ts): declared when the
   * run is planned, before any data. Absent in manifests written before margins existed (the report
   * then takes the defaults).
   */
  margins: marginsSchema.optional(),
});
export type RunOptionsRecord = z.infer<typeof runOptionsSchema>;

/** The options as the manifest records them: the margins given, else the defaults, written out. */
export function declaredOptions(options: RunOptionsRecord): RunOptionsRecord {
  return { ...options, margins: { ...(options.margins ?? DEFAULT_MARGINS) } };
}

export const manifestSchema = z.object({
  runId: z.string(),
  createdAt: z.string(),
  archdrill: z.string(),
  commit: z.string(),
  /** Uncommitted changes in the checkout that ran: its figures may not match the commit. */
  dirty: z.boolean(),
  node: z.string(),
  backend: z.string(),
  cpu: z.object({ model: z.string(), cores: z.number() }),
  memoryGiB: z.number(),
  os: z.string(),
  options: runOptionsSchema,
  scenarios: z.record(z.string(), z.string()),
  datasets: z.record(z.string(), z.object({ sha256: z.string(), licence: z.string() })),
  /** Per system and unit, the digests of the releases its trials registered, in first-seen order. */
  releases: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
  /** Each time the run was resumed, by which code. */
  resumes: z.array(z.object({ at: z.string(), archdrill: z.string(), dirty: z.boolean() })),
  /**
   * A run on queue workers (run --queue): the machine each trial ran on. Both arms of a cell run on
   * one worker; absent for a local run (the machine above ran every trial).
   */
  workers: z.record(z.string(), workerSchema).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

const isDirty = () => (git(["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "";

export async function createManifest(
  runId: string,
  plan: PlannedTrial[],
  options: RunOptionsRecord,
): Promise<Manifest> {
  const cpus = os.cpus();
  const scenarios: Record<string, string> = {};
  for (const t of plan) scenarios[t.scenario] ??= loadScenario(path.resolve(repoRoot, t.scenario)).digest;
  const data: Manifest["datasets"] = {};
  for (const task of new Set(plan.map((t) => t.task))) {
    const d = datasets[getTask(task).dataset];
    if (d) data[d.name] = { sha256: d.sha256, licence: d.licence };
  }
  return {
    runId,
    createdAt: new Date().toISOString(),
    archdrill: codeVersion(),
    commit: git(["rev-parse", "HEAD"]) ?? "unknown",
    dirty: isDirty(),
    node: process.version,
    // The units pick their backend the same way on the same machine.
    backend: await initBackend(),
    cpu: { model: cpus[0]?.model ?? "unknown", cores: os.availableParallelism() },
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    options: declaredOptions(options),
    scenarios,
    datasets: data,
    releases: {},
    resumes: [],
  };
}

export function readManifest(runDir: string): Manifest {
  const file = path.join(runDir, MANIFEST_FILE);
  return parseJsonAs(manifestSchema, fs.readFileSync(file, "utf8"), file);
}

export function writeManifest(runDir: string, m: Manifest): void {
  writeJsonAtomic(path.join(runDir, MANIFEST_FILE), m);
}

export function noteResume(m: Manifest): void {
  m.resumes.push({ at: new Date().toISOString(), archdrill: codeVersion(), dirty: isDirty() });
}

/** Adds the digests of the releases a finished trial's system held, from its journal's releases record. */
export function addReleases(m: Manifest, runDir: string, t: PlannedTrial): void {
  const file = journalIn(trialDir(runDir, t.id));
  if (!fs.existsSync(file)) return;
  const held = readJournal(file).records.find((r) => r.type === "releases");
  if (held?.type !== "releases") return;
  const bySystem = m.releases[t.system] ?? {};
  m.releases[t.system] = bySystem;
  for (const [unit, releases] of Object.entries(held.units)) {
    const list = bySystem[unit] ?? [];
    for (const r of releases) if (!list.includes(r.digest)) list.push(r.digest);
    bySystem[unit] = list;
  }
}
