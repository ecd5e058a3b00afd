import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JournalRecord } from "../../systems/kit/protocol/index.ts";
import { summarize } from "../score/summarize.ts";
import { injection, req, steady, trialRecord } from "../score/testing.ts";
import { Journal, JournalError, readJournal } from "./journal.ts";

const dirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const some: JournalRecord[] = [trialRecord(), steady("before", 10, true), req(0, 20), injection(30, 1)];

function lines(file: string): string[] {
  return fs.readFileSync(file, "utf8").split("\n");
}

describe("Journal", () => {
  it("writes one JSON line per record into a directory it creates", () => {
    const dir = path.join(tmp(), "trials", "one");
    const journal = Journal.create(dir);
    expect(journal.file).toBe(path.join(dir, "journal.jsonl"));
    for (const r of some) journal.append(r);
    expect(lines(journal.file)).toHaveLength(some.length + 1); // the last line ends with "\n"
    expect(journal.records()).toEqual(some);
    expect(readJournal(journal.file)).toEqual({ records: some, truncated: false });
  });

  it("refuses to open a directory whose journal holds a summary", () => {
    const dir = tmp();
    const journal = Journal.create(dir);
    journal.append(trialRecord());
    journal.append({ type: "summary", summary: summarize(journal.records()) });
    expect(() => Journal.create(dir)).toThrow(JournalError);
    expect(() => Journal.create(dir)).toThrow(/finished trial/);
    expect(readJournal(journal.file).records).toHaveLength(2);
  });

  it("refuses appends after the summary", () => {
    const journal = Journal.create(tmp());
    journal.append({ type: "summary", summary: summarize([]) });
    expect(() => journal.append(req(0, 1))).toThrow(JournalError);
    expect(readJournal(journal.file).records).toHaveLength(1);
  });

  it("moves an unfinished journal aside and starts a fresh one", () => {
    const dir = tmp();
    const crashed = Journal.create(dir);
    for (const r of some) crashed.append(r);
    const fresh = Journal.create(dir);
    expect(readJournal(fresh.file).records).toEqual([]);
    expect(readJournal(path.join(dir, "journal.aborted-1.jsonl")).records).toEqual(some);
    fresh.append(req(0, 1));
    Journal.create(dir);
    expect(readJournal(path.join(dir, "journal.aborted-2.jsonl")).records).toEqual([req(0, 1)]);
  });

  it("lists only what this instance appended", () => {
    const dir = tmp();
    Journal.create(dir).append(req(0, 1));
    const second = Journal.create(dir);
    second.append(req(1, 2));
    expect(second.records()).toEqual([req(1, 2)]);
  });
});

describe("readJournal", () => {
  it("drops a torn last line and says so", () => {
    const journal = Journal.create(tmp());
    for (const r of some) journal.append(r);
    fs.appendFileSync(journal.file, '{"type":"alert","at_ms":4');
    expect(readJournal(journal.file)).toEqual({ records: some, truncated: true });
  });

  it("keeps a complete last line that lost only its newline", () => {
    const file = path.join(tmp(), "journal.jsonl");
    fs.writeFileSync(file, `${JSON.stringify(some[0])}\n${JSON.stringify(some[1])}`);
    expect(readJournal(file)).toEqual({ records: some.slice(0, 2), truncated: false });
  });

  it("rejects a corrupt middle line, naming its number", () => {
    const file = path.join(tmp(), "journal.jsonl");
    const body = some.map((r) => JSON.stringify(r));
    body[2] = '{"type":"request","i":0,"sen';
    fs.writeFileSync(file, `${body.join("\n")}\n`);
    expect(() => readJournal(file)).toThrow(JournalError);
    expect(() => readJournal(file)).toThrow(/line 3 is not JSON/);
  });

  it("rejects a middle line that is JSON but not a record, naming the line and the key", () => {
    const file = path.join(tmp(), "journal.jsonl");
    const body = some.map((r) => JSON.stringify(r));
    body[1] = JSON.stringify({ type: "request", i: 0, sent_ms: "soon", ms: 1, status: 200, ok: true });
    fs.writeFileSync(file, `${body.join("\n")}\n`);
    expect(() => readJournal(file)).toThrow(/line 2 is not a journal record: sent_ms/);
    fs.writeFileSync(file, `${JSON.stringify({ type: "gossip" })}\n`);
    expect(() => readJournal(file)).toThrow(/line 1 is not a journal record/);
  });

  it("fails with a JournalError when the file is missing", () => {
    expect(() => readJournal(path.join(tmp(), "none.jsonl"))).toThrow(JournalError);
  });
});
