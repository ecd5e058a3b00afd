import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { compareCommand, reportCommand } from "./commands.ts";
import { removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";

afterAll(removeTmpRunDirs);
afterEach(() => {
  vi.restoreAllMocks();
});

const trials: TrialSpec[] = [1, 2, 3].flatMap((seed) =>
  ["three-layer", "proposed"].map((pattern) => ({
    task: "classification",
    pattern,
    fault: "schema.rename",
    seed,
  })),
);

function printed(): () => string {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  return () => log.mock.calls.map((c) => c.join(" ")).join("\n");
}

describe("reportCommand", () => {
  it("writes the report, prints the files and both verdicts, and exits 0", async () => {
    const dir = writeRunDir(tmpRunDir(), { trials });
    const out = printed();
    expect(await reportCommand(dir, {})).toBe(0);
    expect(out()).toContain(path.join(dir, "report.html"));
    expect(out()).toContain("RQ1 (localize failures): inconclusive (automated runbook operator)");
    expect(out()).toContain("RQ2 (roll back): no data");
    expect(fs.existsSync(path.join(dir, "comparisons.csv"))).toBe(true);
  });

  it("prints one JSON line with --json", async () => {
    const dir = writeRunDir(tmpRunDir(), { trials });
    const out = printed();
    expect(await reportCommand(dir, { json: true })).toBe(0);
    const json = JSON.parse(out());
    expect(json.files).toHaveLength(5);
    expect(json.verdicts.map((v: { rq: string }) => v.rq)).toEqual(["rq1", "rq2"]);
  });

  it("writes a report that says so when no trial has finished yet", async () => {
    const dir = writeRunDir(tmpRunDir(), { trials: [], unfinished: trials.slice(0, 2) });
    const out = printed();
    expect(await reportCommand(dir)).toBe(0);
    expect(out()).toContain("No trial finished: no verdict yet.");
    expect(fs.readFileSync(path.join(dir, "report.md"), "utf8")).toContain("0 of 2 planned trials finished");
    expect(fs.readFileSync(path.join(dir, "trials.csv"), "utf8").trim().split("\r\n")).toHaveLength(1);
  });

  it("names the path of a missing run directory", async () => {
    const missing = path.join(tmpRunDir(), "gone");
    await expect(reportCommand(missing)).rejects.toThrow(`run directory ${missing} does not exist`);
  });
});

describe("compareCommand", () => {
  it("prints the comparison and exits 0 even when figures differ", async () => {
    const a = writeRunDir(tmpRunDir("a"), { trials });
    const b = writeRunDir(tmpRunDir("b"), { trials: trials.map((t) => ({ ...t, ttl_ms: 60_000 })) });
    const out = printed();
    expect(await compareCommand(a, b, {})).toBe(0);
    expect(out()).toMatch(/medians of b checked against a's 95% bootstrap CIs: [1-9]\d* outside/);
  });

  it("names the missing directory", async () => {
    const a = writeRunDir(tmpRunDir("a"), { trials });
    const missing = path.join(tmpRunDir(), "b");
    await expect(compareCommand(a, missing, { json: true })).rejects.toThrow(missing);
  });
});
