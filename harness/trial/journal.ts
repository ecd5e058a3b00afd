/**
 * The trial journal on disk: `journal.jsonl`, one record per line, append-only. Each line goes out
 * in one appendFileSync call, so a crash can tear at most the last line; readJournal drops such a
 * line and says so, and refuses anything else that does not parse, naming the line.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { type JournalRecord, journalRecordSchema } from "../../systems/kit/protocol/index.ts";

export class JournalError extends Error {
  override name = "JournalError";
}

export const JOURNAL_FILE = "journal.jsonl";
/** A finished journal packed for keeping (a committed run): the same lines, gzipped. */
export const PACKED_JOURNAL = "journal.jsonl.gz";

/** The journal in a trial's folder: journal.jsonl, or its packed form when only that is there. */
export function journalIn(dir: string): string {
  const plain = path.join(dir, JOURNAL_FILE);
  const packed = path.join(dir, PACKED_JOURNAL);
  return !fs.existsSync(plain) && fs.existsSync(packed) ? packed : plain;
}

/** A journal's text, plain or gzipped. */
function journalText(file: string): string {
  const bytes = fs.readFileSync(file);
  return (file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
}

/**
 * Packs a finished journal (one that holds a summary) in place: journal.jsonl.gz, the plain file
 * removed. An unfinished one is left alone. Returns whether it packed.
 */
export function packJournal(dir: string): boolean {
  const plain = path.join(dir, JOURNAL_FILE);
  if (!fs.existsSync(plain) || !hasSummary(plain)) return false;
  fs.writeFileSync(path.join(dir, PACKED_JOURNAL), zlib.gzipSync(fs.readFileSync(plain), { level: 9 }));
  fs.rmSync(plain);
  return true;
}

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
    text = journalText(file);
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
  let text: string;
  try {
    text = journalText(file);
  } catch {
    return false;
  }
  for (const line of text.split("\n")) {
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
export function setAside(dir: string, file: string): void {
  let n = 1;
  while (fs.existsSync(path.join(dir, `journal.aborted-${n}.jsonl`))) n++;
  fs.renameSync(file, path.join(dir, `journal.aborted-${n}.jsonl`));
}

/** The writer of one trial's journal. */
export class Journal {
  private readonly written: JournalRecord[] = [];
  private readonly counts = new Map<JournalRecord["type"], number>();
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
    this.counts.set(record.type, (this.counts.get(record.type) ?? 0) + 1);
    if (record.type === "summary") this.finished = true;
  }

  /** How many records of a type this instance appended (cheap: no copy). */
  countOf(type: JournalRecord["type"]): number {
    return this.counts.get(type) ?? 0;
  }

  /** The records this instance appended, in order. */
  records(): JournalRecord[] {
    return this.written.slice();
  }
}
