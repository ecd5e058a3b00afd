import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getPattern } from "../../systems/patterns/index.ts";
import { parseSystem } from "../deploy/deploy.ts";
import { alive } from "../deploy/system-suite.ts";
import { repoRoot } from "../paths.ts";
import { readJournal } from "./journal.ts";
import { runTrial, type TrialResult } from "./run.ts";
import { expectWholeJournal } from "./whole-journal.ts";

const scenario = path.join(repoRoot, "scenarios", "classification", "release-model.yaml");

describe.each(["classification/three-layer", "classification/proposed"])(
  "[process] a full trial on %s",
  (system) => {
    let trial: TrialResult;
    beforeAll(async () => {
      trial = await runTrial({ system, scenarioFile: scenario });
    }, 240_000);

    it("detects a worse model release, blames it, takes it back, and journals every step with a summary", () => {
      const { summary, dir, pids } = trial;
      const file = path.join(dir, "journal.jsonl");
      // The release goes out the pattern's way: by canary in proposed, whose judge may take it back
      // before the operator decides; by a deploy in three-layer, which the operator rolls back.
      const byCanary = getPattern(parseSystem(system).pattern).modelRelease === "canary";
      const judged = summary.system_rollback === true;
      // Comparative evaluation may take the canary back before any monitor has seen enough to fire:
      // a silent incident the system ended itself, with nothing for the operator to diagnose.
      if (judged && summary.silent) {
        const records = expectWholeJournal(file, ["canary"], ["diagnosis"]);
        expect(records.some((r) => r.type === "alert" && r.status === "firing")).toBe(false);
        expect(summary).toMatchObject({ ttd_ms: null, steady_after: true, failed_steps: [] });
        return;
      }
      const records = expectWholeJournal(file, judged ? ["alert", "canary"] : ["alert", "rollback", "probe"]);
      expect(summary.system_rollback).toBe(byCanary ? judged : null);
      // Detection is counted from the journal's raw records: the first alert fired after the bad
      // release began, its triggering request's position, less the first request after it took effect.
      const inEffect = records.find((r) => r.type === "phase" && r.name === "fault-in-effect");
      const firstAlert = records
        .flatMap((r) =>
          r.type === "alert" && (r.fired_ms ?? 0) >= (summary.fault_begins_ms ?? 0) ? [r] : [],
        )
        .sort((a, b) => (a.fired_ms ?? 0) - (b.fired_ms ?? 0))[0];
      expect(inEffect?.type === "phase" && firstAlert?.trigger_request).not.toBeNull();
      if (inEffect?.type === "phase")
        expect(summary.ttd_requests).toBe((firstAlert.trigger_request ?? Number.NaN) - inEffect.at_request);
      expect(summary.ttd_ms).toBeCloseTo(
        (firstAlert.fired_ms ?? Number.NaN) - (summary.fault_begins_ms ?? 0),
        6,
      );
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
      expect(summary.steady_after).toBe(true);
      expect(pids.length).toBeGreaterThan(0);
      expect(pids.filter(alive)).toEqual([]);
      if (judged) {
        // Comparative evaluation's own moment, after the canary started; nothing left to roll back.
        expect(records.some((r) => r.type === "canary" && r.event === "abort")).toBe(true);
        expect(summary.system_rollback_ms).toBeGreaterThan(0);
        expect(summary.canary_answers).toBeGreaterThan(0);
        expect(summary.rollback_ok).toBeNull();
        return;
      }
      expect(summary.rollback_ok).toBe(true);
      // Restore and verify are reported apart, in order: decision, all traffic on v1, probe passes.
      expect(summary.restore_ms).toBeGreaterThan(0);
      expect(summary.verify_ms).toBeGreaterThanOrEqual(0);
      expect((summary.decision_ms ?? 0) + (summary.restore_ms ?? 0)).toBeCloseTo(summary.restored_ms ?? 0, 6);
      expect(summary.incident_answers).toBeGreaterThan(0);
      const rollback = readJournal(file).records.find((r) => r.type === "rollback");
      expect(rollback?.type === "rollback" && rollback.reverted).toContain("model");
    });

    // How fast alerts arrive is a goal measured in the experiment, one trial at a time (README); here
    // other tests share the cores, so this checks what is journaled, not how long it took.
    it("journals each alert's arrival on the trial clock and its delivery as arrival less firing", () => {
      const records = readJournal(path.join(trial.dir, "journal.jsonl")).records;
      const alerts = records.flatMap((r) => (r.type === "alert" ? [r] : []));
      // Only a silent incident (comparative evaluation took the release back first) has no alert.
      expect(alerts.length > 0).toBe(trial.summary.silent === false);
      if (alerts.length === 0) return;
      const uncertainty = Math.max(
        0,
        ...records.flatMap((r) => (r.type === "clock" ? [r.uncertainty_ms] : [])),
      );
      for (const a of alerts) {
        expect(a.received_ms).toBeDefined();
        // A resolution is journaled on arrival too, but it is not a delivery (README).
        if (a.status === "resolved") {
          expect(a.delivery_ms).toBeNull();
          continue;
        }
        expect(a.delivery_ms).toBeCloseTo((a.received_ms ?? Number.NaN) - (a.fired_ms ?? Number.NaN), 6);
        // Fired on the unit's clock, received on the harness's: apart by no more than the offset's uncertainty.
        expect(a.delivery_ms ?? Number.NaN).toBeGreaterThan(-uncertainty - 1e-6);
      }
      expect(trial.summary.alert_delivery_p95_ms).not.toBeNull();
    });
  },
);
