/**
 * Test helper: synthetic run directories written the way the runner writes them (manifest.json,
 * plan.json, trials/<id>/journal.jsonl through the Journal class), from Summary fields; human drills
 * also get the drill, action and questionnaire records a drill writes, in a run or in a study's drills folder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type JournalRecord,
  type RecordedSummary,
  type Summary,
  summarySchema,
} from "../../systems/kit/protocol/index.ts";
import { completeSummary } from "../score/summarize.ts";
import { trialRecord } from "../score/testing.ts";
import { Journal } from "../trial/journal.ts";
import type { Answers } from "./types.ts";

export type TrialSpec = Partial<Summary> & {
  task: string;
  pattern: string;
  fault: string;
  seed: number;
  kind?: "rq1" | "rq2";
  /** A human drill's drill record (written when operator is "human"): team null or absent = none named. */
  team?: string | null;
  participant?: string | null;
  /** A human drill's questionnaire record; none when absent. */
  answers?: Answers;
  /** Write the summary as a journal from before the later fields existed: without every optional field. */
  legacy?: boolean;
};

/** The Summary fields a summary gained after journals were first committed (optional in its schema). */
export const LATER_FIELDS = (Object.keys(summarySchema.shape) as (keyof typeof summarySchema.shape)[]).filter(
  (k) => summarySchema.shape[k].safeParse(undefined).success,
);

/** A plausible finished trial: detected, localized and right at rank 1, no rollback. */
export function summaryOf(s: TrialSpec): Summary {
  const {
    kind: _kind,
    team: _team,
    participant: _participant,
    answers: _answers,
    legacy: _legacy,
    ...fields
  } = s;
  return completeSummary({
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
  });
}

export const trialId = (s: Summary, kind: "rq1" | "rq2" = "rq1", team?: string | null) =>
  `${s.task}.${s.arm}.${path.basename(s.scenario, ".yaml")}.s${s.seed}${kind === "rq2" ? ".rq2" : ""}${
    s.operator === "human" ? `.human${team ? `.${team}` : ""}` : ""
  }`;

/** A human drill's own records, in the order a drill writes them: who, what they did, their answers. */
function drillRecords(spec: TrialSpec, summary: Summary): JournalRecord[] {
  if (summary.operator !== "human") return [];
  const records: JournalRecord[] = [
    {
      type: "drill",
      at_ms: 100,
      participant: spec.participant ?? null,
      team: spec.team ?? null,
      time_limit_ms: 1_200_000,
    },
    { type: "action", at_ms: 5000, action: "metrics", detail: { unit: "bundle" }, ok: true },
  ];
  if (spec.answers) records.push({ type: "questionnaire", at_ms: 900_000, ...spec.answers });
  return records;
}

/** Writes one trial's journal into trialDir: the trial record, a drill's records, the summary if finished. */
function writeJournal(trialDir: string, spec: TrialSpec, finished: boolean): Summary {
  const summary = summaryOf(spec);
  const journal = Journal.create(trialDir);
  journal.append(
    trialRecord({
      system: summary.system,
      scenario: summary.scenario,
      faults: summary.fault.split("+"),
      seed: summary.seed,
      operator: summary.operator,
      kind: spec.kind ?? "rq1",
      ...(spec.arm ? { arm: spec.arm, observability: summary.observability, deploy: summary.deploy } : {}),
    }),
  );
  for (const r of drillRecords(spec, summary)) journal.append(r);
  if (finished) {
    const written: RecordedSummary = { ...summary };
    if (spec.legacy) for (const k of LATER_FIELDS) delete written[k];
    journal.append({ type: "summary", summary: written });
  }
  return summary;
}

function writeTrial(runDir: string, spec: TrialSpec, finished: boolean): { id: string; summary: Summary } {
  const id = trialId(summaryOf(spec), spec.kind, spec.team);
  return { id, summary: writeJournal(path.join(runDir, "trials", id), spec, finished) };
}

/**
 * A study's drills folder without a run's manifest or plan: <dir>/<team>/<n>-<task>-<pattern>/journal.jsonl,
 * n counting each team's drills from 1 in the order given; a drill without a team goes under "no-team".
 * Returns the trial ids (the folders relative to dir).
 */
export function writeDrillsDir(dir: string, drills: (TrialSpec & { unfinished?: boolean })[]): string[] {
  const n = new Map<string, number>();
  return drills.map((d) => {
    const team = d.team ?? "no-team";
    n.set(team, (n.get(team) ?? 0) + 1);
    const id = `${team}/${n.get(team)}-${d.task}-${d.pattern}`;
    writeJournal(path.join(dir, ...id.split("/")), { operator: "human", ...d }, !d.unfinished);
    return id;
  });
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
    add(trialId(s, t.kind, t.team), s);
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

/**
 * Human drills as a crossover study gives them: every team drills both patterns of every task, with a
 * different fault and seed under each pattern (swapped on alternate teams), operator "human". f adds
 * fields per drill; k is the team's index.
 */
export function crossover(
  teams: string[],
  tasks: string[],
  faults: [string, string],
  f: (k: number, task: string, pattern: string) => Partial<TrialSpec>,
): TrialSpec[] {
  return tasks.flatMap((task) =>
    teams.flatMap((team, k) =>
      ["three-layer", "proposed"].map((pattern, j) => ({
        task,
        pattern,
        fault: faults[(j + k) % 2],
        seed: 10 * k + j,
        operator: "human" as const,
        team,
        participant: `${team}-p1`,
        ...f(k, task, pattern),
      })),
    ),
  );
}
