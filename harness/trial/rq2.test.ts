import path from "node:path";
import { describe, expect, it } from "vitest";
import { alive } from "../deploy/system-suite.ts";
import { repoRoot } from "../paths.ts";
import { readJournal } from "./journal.ts";
import { runTrial } from "./run.ts";

const scenario = path.join(repoRoot, "scenarios", "classification", "release-model.yaml");

describe.each(["classification/three-layer", "classification/proposed", "classification/gateway"])(
  "[process] the RQ2 drill on %s",
  (system) => {
    it("deploys v2 with the new data in contract v2 and the logic improvement, rolls the model back to v1 under traffic, and says what else it reverted", async () => {
      const { summary, dir, pids } = await runTrial({ system, scenarioFile: scenario, rq2: true });
      const records = readJournal(path.join(dir, "journal.jsonl")).records;
      expect(records[0]).toMatchObject({ type: "trial", kind: "rq2" });
      expect(summary.failed_steps).toEqual([]);
      expect(summary.rollback_ok).toBe(true);
      expect(summary.ttr_ms).toBeGreaterThan(0);
      expect(summary.rollback_failed_requests).not.toBeNull();
      const rollback = records.find((r) => r.type === "rollback");
      expect(rollback).toMatchObject({ unit: expect.any(String), ok: true });
      const reverted = rollback?.type === "rollback" ? rollback.reverted : [];
      expect(reverted).toContain("model");
      // Collateral is whatever the rollback reverted besides the model, and the improvement's fate agrees with it.
      expect(summary.collateral_units).toEqual(reverted.filter((p) => p !== "model"));
      const fate = records.find(
        (r) => r.type === "step" && r.name.startsWith("improvement ") && r.name.endsWith("the rollback"),
      );
      expect(fate?.type === "step" && fate.name).toBe(
        summary.collateral_units.includes("logic")
          ? "improvement was lost in the rollback"
          : "improvement survived the rollback",
      );
      // v2 passed the scenario tests on the new data, in its contract, while users sent the new data in it.
      expect(records.find((r) => r.type === "steady-state" && r.phase === "v2")).toMatchObject({
        passed: true,
      });
      const v2Answered = records.filter((r) => r.type === "request" && r.contract === "v2" && r.ok);
      expect(v2Answered.length).toBeGreaterThan(0);
      // The improvement worked with v2; it is lost exactly when the rollback reverted the logic.
      expect(records.find((r) => r.type === "improvement" && r.phase === "v2")).toMatchObject({ live: true });
      expect(summary.improvement_lost).toBe(summary.collateral_units.includes("logic"));
      expect(summary.contract_breaks).toEqual(expect.any(Number));
      expect(summary.rollback_wrong_answers).toEqual(expect.any(Number));
      expect(pids.filter(alive)).toEqual([]);
    }, 300_000);
  },
);
