/**
 * Reads a run directory, and nothing else: manifest.json, plan.json and trials/<id>/journal.jsonl;
 * or, in a folder with neither manifest.json nor plan.json, the drill journals below it (drill-journals.ts).
 * A trial counts only when its journal holds a summary record; the rest are unfinished, listed with
 * why, never half-counted. journal.aborted-N.jsonl files (crashed attempts set aside) are ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type JournalRecord, summarySchema } from "../../systems/kit/protocol/index.ts";
import { last } from "../score/records.ts";
import { completeSummary, recordedSummary } from "../score/summarize.ts";
import { JournalError, journalIn, readJournal } from "../trial/journal.ts";
import { findDrillJournals } from "./drill-journals.ts";
import { type Margins, marginsOf } from "./margins.ts";
import type { TrialRow, Unfinished } from "./types.ts";

export class ReportError extends Error {
  override name = "ReportError";
}

export interface LoadedRun {
  runDir: string;
  runId: string;
  layout: "run" | "drill journals";
  manifest: Record<string, unknown>;
  planned: string[];
  trials: TrialRow[];
  unfinished: Unfinished[];
  truncated: string[];
  notPlanned: string[];
  /** Equivalence margins: the manifest's options.margins, else the defaults (margins.ts). */
  margins: Margins;
  marginsSource: "manifest" | "default";
}

const manifestSchema = z.looseObject({ runId: z.string() });
const planSchema = z.looseObject({ runId: z.string(), trials: z.array(z.looseObject({ id: z.string() })) });

function readJson<T>(runDir: string, name: string, schema: z.ZodType<T>): T {
  const file = path.join(runDir, name);
  if (!fs.existsSync(file)) throw new ReportError(`${runDir} is not a run directory: it has no ${name}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ReportError(`${file} is not JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReportError(`${file}: ${issue.path.join(".") || "(file)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** trend, schema, release, infra: the fault up to its first "."; an RQ2 drill is its own kind. */
export function faultKind(fault: string, kind: TrialRow["kind"]): string {
  if (kind === "rq2" || fault.startsWith("rq2:")) return "rq2";
  return fault.split(".")[0] || "unknown";
}

const SUMMARY_KEYS = Object.keys(summarySchema.shape) as (keyof typeof summarySchema.shape)[];

type Read = { row: TrialRow } | { unfinished: Unfinished };

/** A human drill's drill and questionnaire records (the last of each), as TrialRow fields. */
function drillFields(records: JournalRecord[]): Pick<TrialRow, "drill" | "questionnaire"> {
  const drill = last(records, "drill");
  const answers = last(records, "questionnaire");
  const out: Pick<TrialRow, "drill" | "questionnaire"> = {};
  if (drill)
    out.drill = { participant: drill.participant, team: drill.team, time_limit_ms: drill.time_limit_ms };
  if (answers) {
    const { helped_identify, helped_rollback, would_adopt, comment } = answers;
    out.questionnaire = { helped_identify, helped_rollback, would_adopt, comment };
  }
  return out;
}

function readTrial(file: string, id: string): Read {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0)
    return { unfinished: { id, state: "not started" } };
  let journal: ReturnType<typeof readJournal>;
  try {
    journal = readJournal(file);
  } catch (e) {
    if (!(e instanceof JournalError)) throw e;
    return { unfinished: { id, state: "unreadable", detail: e.message } };
  }
  const recorded = recordedSummary(journal.records);
  if (!recorded) return { unfinished: { id, state: "no summary" } };
  const summary = completeSummary(recorded);
  const unmeasured = SUMMARY_KEYS.filter((k) => recorded[k] === undefined);
  const trial = journal.records.find((r) => r.type === "trial");
  const drill = (trial?.type === "trial" && trial.kind === "rq2") || summary.fault.startsWith("rq2:");
  const kind = drill ? "rq2" : "rq1";
  return {
    row: {
      id,
      ...summary,
      kind,
      faultKind: faultKind(summary.fault, kind),
      truncated: journal.truncated,
      ...drillFields(journal.records),
      ...(unmeasured.length ? { unmeasured } : {}),
    },
  };
}

function emptyRun(runDir: string, runId: string, manifest: Record<string, unknown>): LoadedRun {
  return {
    runDir,
    runId,
    layout: "run",
    manifest,
    planned: [],
    trials: [],
    unfinished: [],
    truncated: [],
    notPlanned: [],
    ...margins(runDir, manifest),
  };
}

function margins(runDir: string, manifest: Record<string, unknown>) {
  try {
    const { margins, source } = marginsOf(manifest);
    return { margins, marginsSource: source };
  } catch (e) {
    throw new ReportError(`${path.join(runDir, "manifest.json")}: ${(e as Error).message}`);
  }
}

function add(out: LoadedRun, read: Read, planned: boolean): void {
  if ("unfinished" in read) {
    out.unfinished.push(read.unfinished);
    return;
  }
  out.trials.push(read.row);
  if (read.row.truncated) out.truncated.push(read.row.id);
  if (!planned) out.notPlanned.push(read.row.id);
}

/** A folder of drill journals without a run's manifest and plan: every journal found is planned. */
function loadDrills(dir: string, journals: { id: string; file: string }[]): LoadedRun {
  const runId = path.basename(path.resolve(dir));
  const manifest = { runId, source: "drill journals (no run manifest or plan)", journals: journals.length };
  const out: LoadedRun = { ...emptyRun(dir, runId, manifest), layout: "drill journals" };
  out.planned = journals.map((j) => j.id);
  for (const j of journals) add(out, readTrial(j.file, j.id), true);
  return out;
}

export function loadRun(runDir: string): LoadedRun {
  if (!fs.existsSync(runDir) || !fs.statSync(runDir).isDirectory())
    throw new ReportError(`run directory ${runDir} does not exist`);
  const isRun = ["manifest.json", "plan.json"].some((f) => fs.existsSync(path.join(runDir, f)));
  const journals = isRun ? [] : findDrillJournals(runDir);
  if (journals.length) return loadDrills(runDir, journals);
  if (!isRun)
    throw new ReportError(
      `${runDir} is not a run directory (it has no manifest.json) nor a folder of drill journals (no journal.jsonl below it)`,
    );
  const manifest = readJson(runDir, "manifest.json", manifestSchema);
  const plan = readJson(runDir, "plan.json", planSchema);
  const planned = plan.trials.map((t) => t.id);
  const trialsDir = path.join(runDir, "trials");
  const onDisk = fs.existsSync(trialsDir)
    ? fs
        .readdirSync(trialsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const plannedSet = new Set(planned);
  const extra = onDisk.filter((id) => !plannedSet.has(id));
  const out = { ...emptyRun(runDir, manifest.runId, manifest), planned };
  for (const id of [...new Set(planned), ...extra])
    add(out, readTrial(journalIn(path.join(runDir, "trials", id)), id), plannedSet.has(id));
  return out;
}
