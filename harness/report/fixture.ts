/**
 * Test helper: synthetic run directories written the way the runner writes them (manifest.json,
 * plan.json, trials/<id>/journal.jsonl through the Journal class), from Summary fields.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { trialRecord } from "../score/testing.ts";
import { Journal } from "../trial/journal.ts";
import type { Summary } from "../trial/records.ts";

export type TrialSpec = Partial<Summary> & {
  task: string;
  pattern: string;
  fault: string;
  seed: number;
  kind?: "rq1" | "rq2";
};

/** A plausible finished trial: detected, localized and right at rank 1, no rollback. */
export function summaryOf(s: TrialSpec): Summary {
  const { kind: _kind, ...fields } = s;
  return {
    system: `${s.task}/${s.pattern}`,
    scenario: `scenarios/${s.task}/${s.fault.replace(/[.:]/g, "-")}.yaml`,
    operator: "auto",
    requests: 1000,
    ttd_requests: 40,
    ttd_ms: 2000,
    ttl_ms: 3000,
    ac1: 1,
    ac3: 1,
    false_alarms_per_10k: 0,
    silent: false,
    ttr_ms: null,
    rollback_failed_requests: null,
    rollback_downtime_ms: null,
    rollback_ok: null,
    collateral_units: [],
    replays: 0,
    steady_before: true,
    steady_after: true,
    failed_steps: [],
    ...fields,
  };
}

export const trialId = (s: Summary, kind: "rq1" | "rq2" = "rq1") =>
  `${s.task}.${s.pattern}.${path.basename(s.scenario, ".yaml")}.s${s.seed}${kind === "rq2" ? ".rq2" : ""}${
    s.operator === "human" ? ".human" : ""
  }`;

function writeTrial(runDir: string, spec: TrialSpec, finished: boolean): { id: string; summary: Summary } {
  const summary = summaryOf(spec);
  const kind = spec.kind ?? "rq1";
  const id = trialId(summary, kind);
  const journal = Journal.create(path.join(runDir, "trials", id));
  journal.append(
    trialRecord({
      system: summary.system,
      scenario: summary.scenario,
      faults: summary.fault.split("+"),
      seed: summary.seed,
      operator: summary.operator,
      kind,
    }),
  );
  if (finished) journal.append({ type: "summary", summary });
  return { id, summary };
}

export interface RunSpec {
  runId?: string;
  trials: TrialSpec[];
  /** Started but stopped before the summary; `torn` ends the journal with half a line, as a crash would. */
  unfinished?: (TrialSpec & { torn?: boolean })[];
  /** In the plan, never started: no journal. */
  notStarted?: TrialSpec[];
  manifest?: Record<string, unknown>;
}

/** Writes the run into dir (created) and returns dir. */
export function writeRunDir(dir: string, spec: RunSpec): string {
  const runId = spec.runId ?? path.basename(dir);
  fs.mkdirSync(path.join(dir, "trials"), { recursive: true });
  const plan: { id: string; task: string; pattern: string; fault: string; seed: number }[] = [];
  const add = (id: string, s: Summary) =>
    plan.push({ id, task: s.task, pattern: s.pattern, fault: s.fault, seed: s.seed });
  for (const t of spec.trials) {
    const { id, summary } = writeTrial(dir, t, true);
    add(id, summary);
  }
  for (const t of spec.unfinished ?? []) {
    const { id, summary } = writeTrial(dir, t, false);
    if (t.torn)
      fs.appendFileSync(path.join(dir, "trials", id, "journal.jsonl"), '{"type":"step","name":"traf');
    add(id, summary);
  }
  for (const t of spec.notStarted ?? []) {
    const s = summaryOf(t);
    add(trialId(s, t.kind), s);
  }
  const manifest = spec.manifest ?? {
    runId,
    createdAt: "2026-01-01T00:00:00.000Z",
    archdrill: "0.1.0",
    node: "v20.0.0",
    cpu: { model: "test cpu", cores: 2 },
    options: { tasks: [...new Set(plan.map((p) => p.task))], seeds: [1, 2, 3], quick: false },
    datasets: { iris: "sha256:abc" },
  };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, "plan.json"),
    JSON.stringify({ runId, trials: plan.map((p, order) => ({ ...p, order })) }, null, 2),
  );
  return dir;
}

const made: string[] = [];

/** A fresh path under a new temporary folder; removeTmpRunDirs() deletes them all. */
export function tmpRunDir(name = "run"): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-report-"));
  made.push(parent);
  return path.join(parent, name);
}

export function removeTmpRunDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
