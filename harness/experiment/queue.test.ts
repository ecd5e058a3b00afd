import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { workersLine } from "../report/format.ts";
import type { PlannedTrial } from "./matrix.ts";
import { cells, connectionOf, jobIdOf, packText, queueNameOf, unpackText } from "./queue.ts";
import { writeTrial } from "./queue-run.ts";

const trial = (order: number, arm: string, seed: number, kind?: "rq1" | "rq2"): PlannedTrial => ({
  id: `classification.${arm}.release-model.s${seed}${kind === "rq2" ? ".rq2" : ""}`,
  order,
  task: "classification",
  arm,
  pattern: arm,
  system: `classification/${arm}`,
  scenario: "scenarios/classification/release-model.yaml",
  scenarioName: "release-model",
  fault: "release.model",
  seed,
  ...(kind ? { kind } : {}),
});

describe("the trial queue", () => {
  it("puts both arms of a task, scenario, seed and kind in one cell, in the plan's order", () => {
    const plan = [
      trial(3, "three-layer", 1),
      trial(0, "proposed", 1),
      trial(1, "proposed", 2),
      trial(2, "three-layer", 2),
      trial(4, "proposed", 1, "rq2"),
      trial(5, "three-layer", 1, "rq2"),
    ];
    const byCell = cells(plan);
    expect([...byCell.keys()]).toEqual([
      "classification.release-model.s1.rq1",
      "classification.release-model.s2.rq1",
      "classification.release-model.s1.rq2",
    ]);
    expect(byCell.get("classification.release-model.s1.rq1")?.map((t) => t.arm)).toEqual([
      "proposed",
      "three-layer",
    ]);
    expect(jobIdOf("run-1", "c")).toBe("run-1__c");
  });

  it("reads host, port, credentials, database and queue name from the URL, and refuses what is not Redis", () => {
    expect(connectionOf("redis://u:p%40ss@db.example:6380/2?name=group-a")).toMatchObject({
      host: "db.example",
      port: 6380,
      username: "u",
      password: "p@ss",
      db: 2,
      maxRetriesPerRequest: null,
    });
    expect(connectionOf("redis://127.0.0.1")).toMatchObject({ host: "127.0.0.1", port: 6379, db: 0 });
    expect(queueNameOf("redis://127.0.0.1:6379?name=group-a")).toBe("group-a");
    expect(queueNameOf("redis://127.0.0.1:6379")).toBe("archdrill-trials");
    expect(() => connectionOf("http://127.0.0.1:6379")).toThrow(/redis:\/\/ URL/);
    expect(() => connectionOf("not a url")).toThrow(/--queue must be a URL/);
    expect(() => queueNameOf("redis://h?name=a b")).toThrow(/letters, digits/);
  });

  it("carries a journal through the queue byte for byte", () => {
    const journal = '{"type":"start"}\n{"type":"summary","x":"é"}\n';
    expect(unpackText(packText(journal) as string)).toBe(journal);
    expect(packText(null)).toBeNull();
  });
});

describe("the report of a queued run", () => {
  it("says whether the trials ran on one machine or on several, from the manifest's workers", () => {
    const rows = (hosts: string[]): [string, string][] =>
      hosts.flatMap((h, i) => [
        [`workers.t${i}.host`, h],
        [`workers.t${i}.cpu`, "EPYC"],
        [`workers.t${i}.cores`, "2"],
        [`workers.t${i}.pid`, String(100 + i)],
      ]);
    expect(workersLine([["node", "v20"]])).toBe("");
    expect(workersLine(rows(["a", "a"]))).toBe(
      "Every trial ran on one queue worker's machine, a (2 x EPYC).",
    );
    expect(workersLine(rows(["a", "b"]))).toMatch(
      /^Trials ran on 2 different machines \(a \(2 x EPYC\); b \(2 x EPYC\)\).*every pair was measured on one machine\.$/,
    );
  });
});

describe("writing a worker's trial into the run folder", () => {
  it("puts the journal and log where a local run would, setting aside an unfinished journal found there", () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-write-"));
    try {
      const dir = path.join(runDir, "trials", "t1");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "journal.jsonl"), '{"type":"trial"}\n');
      const worker = { host: "h", cpu: "c", cores: 2, pid: 1 };
      const journal = '{"type":"trial"}\n{"type":"summary"}\n';
      writeTrial(runDir, {
        id: "t1",
        exitCode: 0,
        ms: 5,
        summary: null,
        journal: packText(journal),
        log: packText("ok\n"),
        worker,
      });
      expect(fs.readFileSync(path.join(dir, "journal.jsonl"), "utf8")).toBe(journal);
      expect(fs.readFileSync(path.join(dir, "journal.aborted-1.jsonl"), "utf8")).toBe('{"type":"trial"}\n');
      expect(fs.readFileSync(path.join(dir, "trial.log"), "utf8")).toBe("ok\n");
    } finally {
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });
});
