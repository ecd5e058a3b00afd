/**
 * Test support: a finished trial's journal runs from its trial record to its summary and holds every
 * kind of record its phases write. Shared by the process tests of full trials.
 */
import { expect } from "vitest";
import type { JournalRecord } from "../../systems/kit/protocol/index.ts";
import { readJournal } from "./journal.ts";

/** Records every finished incident trial writes, whatever happened in it. */
const ALWAYS = ["clock", "steady-state", "phase", "request", "feedback", "diagnosis", "effort", "releases"];

export function expectWholeJournal(
  file: string,
  alsoTypes: string[] = [],
  without: string[] = [],
): JournalRecord[] {
  const records = readJournal(file).records;
  const types = records.map((r) => r.type);
  expect(types[0]).toBe("trial");
  expect(types.at(-1)).toBe("summary");
  for (const t of [...ALWAYS.filter((a) => !without.includes(a)), ...alsoTypes]) expect(types).toContain(t);
  return records;
}
