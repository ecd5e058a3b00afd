/**
 * What users sent and reported, as training rows: every pattern's next model release learns from
 * its seeded training data plus these. The records come as each store keeps them (the lake types
 * a column per append and may turn a mixed one into text; SQLite keeps the JSON the API wrote),
 * so values are read loosely here and typed like the task's own training rows.
 */
import { DEFAULT_CONTRACT, VERSION_COLUMN, versionOf } from "../contract-versions.ts";
import type { FieldSpec } from "../features/types.ts";
import { headOf } from "../heads/index.ts";
import type { Lake } from "../lake/index.ts";
import type { Row, TaskDefinition } from "../task.ts";

/** A decision's id: the request record's `id`, the feedback record's `decision_id`. */
export type DecisionId = string | number;

export interface CollectedRows {
  /** One labeled row per decision, in decision-id order. */
  rows: Row[];
  /** The decision each row came from, in the same order. */
  decisions: DecisionId[];
}

export const noCollectedRows: CollectedRows = Object.freeze({ rows: [], decisions: [] });

type CollectedRecord = Record<string, unknown>;

// The lake keeps a boolean column as BOOLEAN, or as text when one append mixed kinds; SQLite's JSON
// keeps `true`; a record may also carry the mark as a number.
const isSynthetic = (v: unknown) => v === true || v === 1 || v === "true" || v === "1";

/** One id however the store typed it: the lake's DOUBLE 3, a VARCHAR "3" and SQLite's 3 are one decision. */
function decisionId(v: unknown): DecisionId | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "string" || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

const byDecisionId = (a: DecisionId, b: DecisionId) =>
  typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));

/** A request's value typed as the contract says, like the dataset's rows (null when absent or unreadable). */
function typed(spec: FieldSpec | undefined, v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (spec?.type === "number" || spec?.type === "integer") {
    const n = typeof v === "number" ? v : Number(v);
    return typeof v === "string" && v.trim() === "" ? null : Number.isFinite(n) ? n : null;
  }
  return typeof v === "number" && !spec ? v : String(v);
}

/** The fields a training row of the task has besides its target: what the model and its features read. */
export function rowFields(task: TaskDefinition): string[] {
  return [...new Set([...task.modelFields, ...task.features.map((f) => f.field)])].filter(
    (f) => f !== task.target,
  );
}

/**
 * Users' requests joined to their feedback by decision id, as labeled training rows. Left out:
 * synthetic records (the harness's own checks), feedback without a label (a `correct`-only report
 * says whether the answer was right, not what the truth was), a label the task's head refuses, and
 * a request without every model field (a predefined question the engine never saw). When a
 * decision has several labeled reports, the last (by time, then by arrival) wins.
 */
export function labeledRows(
  task: TaskDefinition,
  requests: readonly CollectedRecord[],
  feedback: readonly CollectedRecord[],
): CollectedRows {
  const head = headOf(task);
  const fields = rowFields(task);
  const asked = new Map<DecisionId, CollectedRecord>();
  // A request trains releases of the contract version it came in (kit/contract-versions.ts).
  const version = versionOf(task);
  for (const r of requests) {
    const id = decisionId(r.id);
    if (id !== null && !isSynthetic(r.synthetic) && (r[VERSION_COLUMN] ?? DEFAULT_CONTRACT) === version)
      asked.set(id, r);
  }
  // Stable sort: reports with the same time keep their arrival order, so the later one still wins.
  const reports = feedback
    .map((f, i) => ({ f, i, ts: String(f.ts ?? "") }))
    .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.i - b.i));
  const truth = new Map<DecisionId, string>();
  for (const { f } of reports) {
    const id = decisionId(f.decision_id);
    const label = f.label === null || f.label === undefined ? "" : String(f.label);
    if (id === null || isSynthetic(f.synthetic) || label === "") continue;
    if (head.checkTruth(task, label) === null) truth.set(id, label);
  }
  const out: { id: DecisionId; row: Row }[] = [];
  for (const [id, label] of truth) {
    const request = asked.get(id);
    if (!request) continue;
    const row: Row = {};
    for (const f of fields) row[f] = typed(task.contract.fields[f], request[f]);
    if (fields.some((f) => row[f] === null)) continue;
    // A value head learns a number; the API keeps every reported outcome as text.
    row[task.target] = task.head.kind === "value" ? Number(label) : label;
    out.push({ id, row });
  }
  out.sort((a, b) => byDecisionId(a.id, b.id));
  return { rows: out.map((o) => o.row), decisions: out.map((o) => o.id) };
}

/**
 * What users sent and reported, from the lake sources a collector writes them to, as labeled
 * training rows. A source the collector has not written yet has no files: it holds no records.
 */
export async function readCollectedFromLake(
  lake: Lake,
  task: TaskDefinition,
  sources: { request: string; feedback: string },
): Promise<CollectedRows> {
  const read = async (source: string) =>
    (await lake.count(source)) === 0 ? [] : lake.query(`select * from ${lake.table(source)}`);
  const feedback = await read(sources.feedback);
  return labeledRows(task, feedback.length ? await read(sources.request) : [], feedback);
}
