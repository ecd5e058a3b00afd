/**
 * Lists the scenario files under scenarios/ with what a listing needs. An invalid file is listed
 * too, with its error: a listing that hid broken files would let a matrix silently shrink.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../paths.ts";
import { displayName, loadScenario } from "./load.ts";

export interface ScenarioEntry {
  /** Relative to the repo root (absolute when outside it). */
  file: string;
  title: string;
  task: string;
  /** The fault types, joined by "+" when a scenario injects several. */
  fault: string;
  part: string;
  cause: string;
  /** The kind this scenario is the task's standard scenario of (`standard:`), if it is one. */
  standard?: string;
  /** The period its RQ2 drill delivers as new data, when it has one (`rq2.variant`). */
  rq2?: string;
  valid: boolean;
  error?: string;
}

export const scenariosDir = path.join(repoRoot, "scenarios");

/** Every *.yaml / *.yml under `dir`, recursively, sorted. */
export function scenarioFiles(dir = scenariosDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

/** What a broken file still tells about itself, read leniently. */
function peek(file: string): { title: string; task: string; fault: string; part: string; cause: string } {
  let raw: Record<string, unknown> = {};
  try {
    const v: unknown = parse(fs.readFileSync(file, "utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) raw = v as Record<string, unknown>;
  } catch {
    // Unreadable YAML: the entry carries the error; nothing else to show.
  }
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const faults = Array.isArray(raw.faults) ? (raw.faults as { type?: unknown }[]) : [];
  const truth = (raw.groundTruth ?? {}) as { part?: unknown; cause?: unknown };
  return {
    title: str(raw.title),
    task: str(raw.task),
    fault: faults.map((f) => str(f?.type)).join("+"),
    part: str(truth.part),
    cause: str(truth.cause),
  };
}

export function listScenarios(opts: { task?: string; dir?: string } = {}): ScenarioEntry[] {
  const entries = scenarioFiles(opts.dir).map((file): ScenarioEntry => {
    try {
      const { scenario: s } = loadScenario(file);
      return {
        file: displayName(file),
        title: s.title,
        task: s.task,
        fault: s.faults.map((f) => f.type).join("+"),
        part: s.groundTruth.part,
        cause: s.groundTruth.cause,
        ...(s.standard ? { standard: s.standard } : {}),
        ...(s.rq2 ? { rq2: s.rq2.variant } : {}),
        valid: true,
      };
    } catch (err) {
      return { file: displayName(file), ...peek(file), valid: false, error: (err as Error).message };
    }
  });
  return opts.task === undefined ? entries : entries.filter((e) => e.task === opts.task);
}
