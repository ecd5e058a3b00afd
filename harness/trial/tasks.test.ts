import path from "node:path";
import { describe, expect, it } from "vitest";
import { alive } from "../deploy/system-suite.ts";
import { repoRoot } from "../paths.ts";
import { readJournal } from "./journal.ts";
import { runTrial } from "./run.ts";

/**
 * One full trial per added task and pattern, on the task's natural shift or a bad release. These
 * check that a trial runs to its summary whatever the outcome; what it found is the experiment's
 * result, reported, not asserted (classification's run.test.ts asserts a detection the design needs).
 */
const cases = [
  ["regression", "release-model.yaml"],
  ["clustering", "trend-novel.yaml"],
] as const;

describe.each(
  cases.flatMap(([task, file]) =>
    ["three-layer", "proposed"].map((pattern) => ({ system: `${task}/${pattern}`, task, file })),
  ),
)("[process] a full trial of $file on $system", ({ system, task, file }) => {
  it("journals the steady state, the fault's beginning and every step, and ends with a summary and no process left", async () => {
    const scenarioFile = path.join(repoRoot, "scenarios", task, file);
    const { summary, dir, pids } = await runTrial({ system, scenarioFile });
    const records = readJournal(path.join(dir, "journal.jsonl")).records;
    const types = records.map((r) => r.type);
    expect(types[0]).toBe("trial");
    expect(types.at(-1)).toBe("summary");
    for (const t of ["steady-state", "request", "diagnosis", "effort"]) expect(types).toContain(t);
    expect(summary.fault_begins_ms).not.toBeNull();
    expect(summary).toMatchObject({ system, operator: "auto", failed_steps: [] });
    expect(summary.requests).toBeGreaterThanOrEqual(600);
    expect(summary.steady_before).toBe(true);
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.filter(alive)).toEqual([]);
  }, 300_000);
});
