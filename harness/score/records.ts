/** Typed picks from a journal, shared by the measures. A journal may stop anywhere: every pick may be empty. */
import type { JournalRecord } from "../../systems/kit/protocol/index.ts";

export type RecordOf<T extends JournalRecord["type"]> = Extract<JournalRecord, { type: T }>;

export function ofType<T extends JournalRecord["type"]>(records: JournalRecord[], type: T): RecordOf<T>[] {
  return records.filter((r): r is RecordOf<T> => r.type === type);
}

export function first<T extends JournalRecord["type"]>(
  records: JournalRecord[],
  type: T,
): RecordOf<T> | null {
  return ofType(records, type)[0] ?? null;
}

export function last<T extends JournalRecord["type"]>(records: JournalRecord[], type: T): RecordOf<T> | null {
  const all = ofType(records, type);
  return all[all.length - 1] ?? null;
}

/** The injection as it happened: the first `injection` record (a trial may inject only once). */
export interface Injection {
  at_ms: number;
  at_request: number;
}

/**
 * The first `injection` record, or null when the trial stopped before injecting. The `trial`
 * record's injection_request is only the plan; what the measures count from is what happened.
 */
export function injectionOf(records: JournalRecord[]): Injection | null {
  const inj = first(records, "injection");
  return inj ? { at_ms: inj.at_ms, at_request: inj.at_request } : null;
}
