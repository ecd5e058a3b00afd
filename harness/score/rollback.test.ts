import { describe, expect, it } from "vitest";
import { collateral, downtime, rollback } from "./rollback.ts";
import { req, rollbackRecord, trialRecord } from "./testing.ts";

// Requests i = 0..14 sent every 100 ms from t = 800: sent_ms = 800 + 100 i (800 .. 2200).
function traffic(failed: number[]) {
  return Array.from({ length: 15 }, (_, i) => req(i, 800 + 100 * i, !failed.includes(i)));
}

describe("rollback", () => {
  it("sums the downtime of two runs of failures inside the window", () => {
    // window [1000, 2000]. Failures: i=1 (900, before the window), i=3,4 (1100, 1200; next ok 1300:
    // 200 ms), i=8,9,10 (1600..1800; next ok 1900: 300 ms), i=14 (2200, after the window).
    const records = [trialRecord(), ...traffic([1, 3, 4, 8, 9, 10, 14]), rollbackRecord()];
    expect(rollback(records)).toEqual({
      ttr_ms: 1000, // 2000 - 1000
      rollback_failed_requests: 5, // i = 3, 4, 8, 9, 10
      rollback_downtime_ms: 500, // 200 + 300
      rollback_ok: true,
      collateral_units: [],
    });
  });

  it("counts a run that lasts to the end of the window up to the window's end", () => {
    // tests never pass: window [1000, done 1600]; failures i=7,8 (1500, 1600) run to 1600: 100 ms
    const records = [
      trialRecord(),
      ...traffic([7, 8, 9]),
      rollbackRecord({ tests_pass_ms: null, done_ms: 1600, ok: true }),
    ];
    expect(rollback(records)).toEqual({
      ttr_ms: null,
      rollback_failed_requests: 2,
      rollback_downtime_ms: 100,
      rollback_ok: false, // the command went through but the tests never passed
      collateral_units: [],
    });
  });

  it("reports a failed rollback command as not ok even when tests passed", () => {
    const records = [trialRecord(), ...traffic([]), rollbackRecord({ ok: false })];
    expect(rollback(records)).toMatchObject({
      rollback_ok: false,
      ttr_ms: 1000,
      rollback_failed_requests: 0,
    });
    expect(rollback(records).rollback_downtime_ms).toBe(0);
  });

  it("gives nulls and no collateral when no rollback was attempted", () => {
    expect(rollback([trialRecord(), ...traffic([3, 4])])).toEqual({
      ttr_ms: null,
      rollback_failed_requests: null,
      rollback_downtime_ms: null,
      rollback_ok: null,
      collateral_units: [],
    });
  });

  it("judges a retried rollback by its last attempt", () => {
    const records = [
      trialRecord(),
      ...traffic([]),
      rollbackRecord({ ok: false, tests_pass_ms: null }),
      rollbackRecord({ decision_ms: 1200, tests_pass_ms: 1500 }),
    ];
    expect(rollback(records)).toMatchObject({ ttr_ms: 300, rollback_ok: true });
  });

  it("reads runs in timeline order when responses were journaled out of order", () => {
    // i=2 (1000) failed, i=3 (1100) ok, i=4 (1200) failed, i=5 (1300) ok -> 100 + 100
    const rs = [req(5, 1300), req(4, 1200, false), req(3, 1100), req(2, 1000, false)];
    expect(downtime(rs, 1000, 2000)).toBe(200);
    expect(downtime([], 1000, 2000)).toBe(0);
  });
});

describe("collateral", () => {
  it("spares the model for an ml fault and counts the logic the three-layer release dragged along", () => {
    expect(collateral(["model", "logic"], "ml")).toEqual(["logic"]);
    expect(collateral(["model"], "ml")).toEqual([]);
  });

  it("counts the model as collateral for a logic fault", () => {
    expect(collateral(["model", "logic"], "logic")).toEqual(["model"]);
    expect(collateral(["logic"], "logic")).toEqual([]);
  });

  it("counts everything reverted as collateral for an infrastructure fault", () => {
    expect(collateral(["model", "logic", "model"], "infra")).toEqual(["model", "logic"]);
  });

  it("takes the truth from the trial record", () => {
    const records = [
      trialRecord({ truth: { part: "logic", cause: "release" } }),
      rollbackRecord({ reverted: ["model"] }),
    ];
    expect(rollback(records).collateral_units).toEqual(["model"]);
  });
});
