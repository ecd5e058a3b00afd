import path from "node:path";
import { describe, expect, it } from "vitest";
import { alive } from "../deploy/system-suite.ts";
import { repoRoot } from "../paths.ts";
import { readJournal } from "./journal.ts";
import { runTrial } from "./run.ts";

const scenario = path.join(repoRoot, "scenarios", "classification", "release-model.yaml");

function journalTypes(file: string): string[] {
  return readJournal(file).records.map((r) => r.type);
}

describe.each(["classification/three-layer", "classification/proposed"])(
  "[process] a full trial on %s",
  (system) => {
    it("detects a worse model release, blames it, rolls it back, and journals every step with a summary", async () => {
      const { summary, dir, pids } = await runTrial({ system, scenarioFile: scenario });
      const file = path.join(dir, "journal.jsonl");
      const types = journalTypes(file);
      expect(types[0]).toBe("trial");
      expect(types.at(-1)).toBe("summary");
      for (const t of ["steady-state", "injection", "alert", "diagnosis", "rollback", "request"])
        expect(types).toContain(t);
      expect(summary).toMatchObject({
        system,
        fault: "release.model",
        operator: "auto",
        failed_steps: [],
      });
      // The timeline's 600, and more of the same while the operator was still at work.
      expect(summary.requests).toBeGreaterThanOrEqual(600);
      expect(summary.steady_before).toBe(true);
      expect(summary.silent).toBe(false);
      expect(summary.ttd_ms).toBeGreaterThan(0);
      expect(summary.ac3).toBe(1);
      expect(summary.rollback_ok).toBe(true);
      const rollback = readJournal(file).records.find((r) => r.type === "rollback");
      expect(rollback?.type === "rollback" && rollback.reverted).toContain("model");
      expect(summary.steady_after).toBe(true);
      // Nothing left running: every unit process the trial started has exited.
      expect(pids.length).toBeGreaterThan(0);
      expect(pids.filter(alive)).toEqual([]);
    }, 240_000);
  },
);
