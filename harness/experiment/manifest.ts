/**
 * What a reviewer needs to know to reproduce a run: code, runtime, machine, the exact scenario,
 * dataset and release bytes (by digest). Written at the start, updated as trials finish.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { manifest as datasets } from "../../datasets/manifest.ts";
import { initBackend } from "../../systems/kit/engine/index.ts";
import { Registry } from "../../systems/kit/registry/index.ts";
import { runFiles } from "../../systems/patterns/types.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { codeVersion, git, repoRoot } from "../paths.ts";
import { loadScenario } from "../scenario/index.ts";
import type { PlannedTrial } from "./matrix.ts";
import { MANIFEST_FILE, trialDir, writeJsonAtomic } from "./run-dir.ts";

export interface RunOptionsRecord {
  tasks: string[];
  patterns: string[];
  scenarios: string[];
  seeds: number[];
  workers: number;
  quick: boolean;
  rq2?: boolean;
}

export interface Manifest {
  runId: string;
  createdAt: string;
  archdrill: string;
  commit: string;
  /** Uncommitted changes in the checkout that ran: its figures may not match the commit. */
  dirty: boolean;
  node: string;
  backend: string;
  cpu: { model: string; cores: number };
  memoryGiB: number;
  os: string;
  options: RunOptionsRecord;
  scenarios: Record<string, string>;
  datasets: Record<string, { sha256: string; licence: string }>;
  /** Per system and unit, the digests of the releases its trials registered, in first-seen order. */
  releases: Record<string, Record<string, string[]>>;
  /** Each time the run was resumed, by which code. */
  resumes: { at: string; archdrill: string; dirty: boolean }[];
}

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
    options,
    scenarios,
    datasets: data,
    releases: {},
    resumes: [],
  };
}

export function readManifest(runDir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(runDir, MANIFEST_FILE), "utf8")) as Manifest;
}

export function writeManifest(runDir: string, m: Manifest): void {
  writeJsonAtomic(path.join(runDir, MANIFEST_FILE), m);
}

export function noteResume(m: Manifest): void {
  m.resumes.push({ at: new Date().toISOString(), archdrill: codeVersion(), dirty: isDirty() });
}

/** Adds the digests of the releases a finished trial's registry holds. */
export function addReleases(m: Manifest, runDir: string, t: PlannedTrial): void {
  const file = path.join(trialDir(runDir, t.id), "run", runFiles.registry);
  if (!fs.existsSync(file)) return;
  const registry = Registry.open(file);
  try {
    const bySystem = m.releases[t.system] ?? {};
    m.releases[t.system] = bySystem;
    for (const r of registry.list()) {
      const list = bySystem[r.unit] ?? [];
      if (!list.includes(r.digest)) list.push(r.digest);
      bySystem[r.unit] = list;
    }
  } finally {
    registry.close();
  }
}
