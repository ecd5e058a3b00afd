/**
 * The trial journal on disk: `journal.jsonl`, one record per line, append-only. Each line goes out
 * in one appendFileSync call, so a crash can tear at most the last line; readJournal drops such a
 * line and says so, and refuses anything else that does not parse, naming the line.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { consoleActions, type JournalRecord } from "./records.ts";

export class JournalError extends Error {
  override name = "JournalError";
}

export const JOURNAL_FILE = "journal.jsonl";

const part = z.enum(["ml", "logic", "infra"]);
const cause = z.enum(["trend", "schema", "release", "infrastructure"]);
const ms = z.number();

const suspect = z.object({
  part,
  cause,
  unit: z.string().optional(),
  feature: z.string().optional(),
  score: z.number(),
  evidence: z.array(z.string()),
});

const check = z.object({
  name: z.string(),
  passed: z.boolean(),
  detail: z.string(),
  value: z.number().optional(),
});

const count = z.number().nullable();
const likert = z.int().min(1).max(5);
const summary = z.object({
  system: z.string(),
  task: z.string(),
  pattern: z.string(),
  scenario: z.string(),
  fault: z.string(),
  seed: z.number(),
  operator: z.enum(["auto", "human"]),
  requests: z.number(),
  ttd_requests: count,
  ttd_ms: count,
  ttl_ms: count,
  ac1: z.union([z.literal(0), z.literal(1)]),
  ac3: z.union([z.literal(0), z.literal(1)]),
  false_alarms_per_10k: z.number(),
  silent: z.boolean(),
  ttr_ms: count,
  rollback_failed_requests: count,
  rollback_downtime_ms: count,
  rollback_ok: z.boolean().nullable(),
  collateral_units: z.array(z.string()),
  replays: z.number(),
  steady_before: z.boolean(),
  steady_after: z.boolean().nullable(),
  failed_steps: z.array(z.string()),
});

/** Validates one journal line; kept in step with records.ts by the type checks below. */
export const journalRecordSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("trial"),
    at_ms: ms,
    system: z.string(),
    scenario: z.string(),
    scenario_digest: z.string(),
    faults: z.array(z.string()),
    seed: z.number(),
    operator: z.enum(["auto", "human"]),
    started_at: z.string(),
    truth: z.object({ part, cause }),
    injection_request: z.number(),
    kind: z.enum(["rq1", "rq2"]).optional(),
  }),
  z.object({
    type: z.literal("step"),
    name: z.string(),
    start_ms: ms,
    end_ms: ms,
    duration_ms: ms,
    status: z.enum(["ok", "failed"]),
    detail: z.string().optional(),
  }),
  z.object({
    type: z.literal("steady-state"),
    phase: z.enum(["before", "after", "rollback", "v2"]),
    at_ms: ms,
    passed: z.boolean(),
    checks: z.array(check),
  }),
  z.object({ type: z.literal("injection"), fault: z.string(), at_ms: ms, at_request: z.number() }),
  z.object({
    type: z.literal("alert"),
    at_ms: ms,
    at_request: z.number(),
    labels: z.record(z.string(), z.string()),
    starts_at: z.string(),
  }),
  z.object({
    type: z.literal("diagnosis"),
    at_ms: ms,
    at_request: z.number(),
    ranked: z.array(suspect),
    replays: z.number(),
  }),
  z.object({
    type: z.literal("rollback"),
    unit: z.string(),
    from: z.number(),
    to: z.number(),
    decision_ms: ms,
    done_ms: ms,
    tests_pass_ms: ms.nullable(),
    ok: z.boolean(),
    reverted: z.array(z.string()),
  }),
  z.object({
    type: z.literal("request"),
    i: z.number(),
    sent_ms: ms,
    ms,
    status: z.number(),
    ok: z.boolean(),
  }),
  z.object({
    type: z.literal("drill"),
    at_ms: ms,
    participant: z.string().nullable(),
    team: z.string().nullable(),
    time_limit_ms: ms,
  }),
  z.object({
    type: z.literal("action"),
    at_ms: ms,
    action: z.enum(consoleActions),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    ok: z.boolean(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal("questionnaire"),
    at_ms: ms,
    helped_identify: likert,
    helped_rollback: likert,
    would_adopt: likert,
    comment: z.string(),
  }),
  z.object({ type: z.literal("summary"), summary }),
]);

// Compile-time guard: the schema and records.ts must describe the same records.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesRecords: Same<z.infer<typeof journalRecordSchema>, JournalRecord> = true;
void schemaMatchesRecords;

function parseLine(text: string, lineNo: number, file: string): JournalRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new JournalError(`${file} line ${lineNo} is not JSON: ${(e as Error).message}`);
  }
  const res = journalRecordSchema.safeParse(json);
  if (!res.success) {
    const issue = res.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join(".") : "(record)";
    throw new JournalError(`${file} line ${lineNo} is not a journal record: ${where}: ${issue.message}`);
  }
  return res.data;
}

/**
 * Reads a journal. A last line without its newline that does not parse is a write torn by a
 * crash: it is dropped and `truncated` is true. Any other bad line throws a JournalError naming
 * the line number. Blank lines are skipped.
 */
export function readJournal(file: string): { records: JournalRecord[]; truncated: boolean } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new JournalError(`cannot read journal ${file}: ${(e as Error).message}`);
  }
  const lines = text.split("\n");
  // After a complete final line split() leaves "", otherwise the unterminated tail.
  const tail = lines.pop() ?? "";
  const records: JournalRecord[] = [];
  lines.forEach((line, k) => {
    if (line.trim() !== "") records.push(parseLine(line, k + 1, file));
  });
  if (tail.trim() === "") return { records, truncated: false };
  try {
    records.push(parseLine(tail, lines.length + 1, file));
    return { records, truncated: false };
  } catch {
    return { records, truncated: true };
  }
}

/** True when the file holds a summary record: a trial that finished. Tolerates any damage. */
export function hasSummary(file: string): boolean {
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    try {
      const rec: unknown = JSON.parse(line);
      if (typeof rec === "object" && rec !== null && (rec as { type?: unknown }).type === "summary")
        return true;
    } catch {
      // a damaged line says nothing about a summary
    }
  }
  return false;
}

/** Moves an unfinished journal aside (journal.aborted-N.jsonl) so its evidence is kept, not mixed in. */
function setAside(dir: string, file: string): void {
  let n = 1;
  while (fs.existsSync(path.join(dir, `journal.aborted-${n}.jsonl`))) n++;
  fs.renameSync(file, path.join(dir, `journal.aborted-${n}.jsonl`));
}

/** The writer of one trial's journal. */
export class Journal {
  private readonly written: JournalRecord[] = [];
  private finished = false;

  private constructor(readonly file: string) {}

  /**
   * Opens dir/journal.jsonl for a new trial (creating dir). Refuses a directory whose journal
   * already holds a summary: a finished trial is never overwritten. An unfinished journal (a trial
   * that crashed) is moved aside to journal.aborted-N.jsonl and a fresh one started.
   */
  static create(dir: string): Journal {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, JOURNAL_FILE);
    if (fs.existsSync(file) && fs.statSync(file).size > 0) {
      if (hasSummary(file))
        throw new JournalError(`${file} already holds a finished trial (it has a summary)`);
      setAside(dir, file);
    }
    fs.writeFileSync(file, "");
    return new Journal(file);
  }

  /** Writes one record as one line; the summary is the last record a journal takes. */
  append(record: JournalRecord): void {
    if (this.finished)
      throw new JournalError(`${this.file} is finished: nothing is appended after the summary`);
    fs.appendFileSync(this.file, `${JSON.stringify(record)}\n`);
    this.written.push(record);
    if (record.type === "summary") this.finished = true;
  }

  /** The records this instance appended, in order. */
  records(): JournalRecord[] {
    return this.written.slice();
  }
}
