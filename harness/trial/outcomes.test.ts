import path from "node:path";
import { describe, expect, it } from "vitest";
import { patterns } from "../../systems/patterns/index.ts";
import { alive } from "../deploy/system-suite.ts";
import { scenarioFiles } from "../scenario/list.ts";
import { displayName, loadScenario } from "../scenario/load.ts";
import { outcomeMismatches } from "../scenario/outcome.ts";
import { runTrial } from "./run.ts";
import { expectWholeJournal } from "./whole-journal.ts";

/**
 * Every shipped scenario that declares its outcome (`outcome:`: a gradual schema fault, one on a
 * share of the requests, a late release with slow feedback, a trend then a bad release) ends that
 * way on every pattern, and its journal holds every phase from the trial record to the summary.
 * Between them they run a full trial of every task on every pattern.
 */
const declared = scenarioFiles().flatMap((file) => {
  const { scenario } = loadScenario(file);
  return scenario.outcome
    ? [{ file, name: displayName(file), task: scenario.task, outcome: scenario.outcome }]
    : [];
});

describe("the shipped scenarios that declare their outcome", () => {
  it("cover every task", () => {
    expect(new Set(declared.map((d) => d.task)).size).toBeGreaterThanOrEqual(4);
  });
});

describe.each(declared.flatMap((d) => patterns.names.map((pattern) => ({ ...d, pattern }))))(
  "[process] $name on $pattern",
  ({ file, task, pattern, outcome }) => {
    it("ends as the scenario declares, journaled from the trial record to the summary, no process left", async () => {
      const system = `${task}/${pattern}`;
      const { summary, dir, pids } = await runTrial({ system, scenarioFile: file });
      expectWholeJournal(path.join(dir, "journal.jsonl"));
      expect(summary).toMatchObject({ system, operator: "auto", steady_before: true });
      expect(summary.fault_begins_ms).not.toBeNull();
      expect(outcomeMismatches(summary, outcome)).toEqual([]);
      // The incident's moments in order: decision, all traffic restored, probe passed.
      // (unless comparative evaluation's judge took the release back first: its own moment, after its start).
      if (outcome.rolledBack && summary.system_rollback)
        expect(summary.system_rollback_ms).toBeGreaterThan(0);
      else if (outcome.rolledBack) {
        expect(summary.restore_ms).toBeGreaterThanOrEqual(0);
        expect(summary.verify_ms).toBeGreaterThanOrEqual(0);
      }
      expect(pids.length).toBeGreaterThan(0);
      expect(pids.filter(alive)).toEqual([]);
    }, 300_000);
  },
);
