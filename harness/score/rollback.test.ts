import { describe, expect, it } from "vitest";
import { collateral, downtime, restoredAt, rollback } from "./rollback.ts";
import { phase, probe, req, rollbackRecord, trialRecord } from "./testing.ts";

// Requests i = 0..14 sent every 100 ms from t = 800: sent_ms = 800 + 100 i (800 .. 2200).
function traffic(failed: number[]) {
  return Array.from({ length: 15 }, (_, i) => req(i, 800 + 100 * i, !failed.includes(i)));
}

const releaseTruth = trialRecord({ truth: { part: "ml", cause: "release" }, faults: ["release.model"] });

describe("rollback, as journals now record it (probe, answering releases)", () => {
  // A three-layer app goes from release 2 back to 1: decided at 1000, restarted (i = 3..5 fail),
  // answers from app#1 from i = 6 (1400); the probe fails at 1500 and passes at 1700.
  const requests = Array.from({ length: 15 }, (_, i) => {
    const sent = 800 + 100 * i;
    if (i >= 3 && i <= 5) return req(i, sent, false, { release: null });
    return req(i, sent, true, { release: i < 3 ? "app#2" : "app#1" });
  });
  const rb = rollbackRecord({
    unit: "app",
    from: 2,
    to: 1,
    decision_ms: 1000,
    done_ms: 1450,
    tests_pass_ms: null,
  });
  const records = [
    releaseTruth,
    phase("traffic-starts", 0, 0),
    ...requests,
    rb,
    probe(1500, false),
    probe(1700, true, 2),
  ];

  it("times restore to all traffic on the good release and verify to the probe passing on it", () => {
    expect(rollback(records)).toEqual({
      restored_first_ms: 1400,
      restored_ms: 1400,
      verified_ms: 1700,
      restore_ms: 400,
      verify_ms: 300,
      ttr_ms: 700,
      rollback_failed_requests: 3, // i = 3, 4, 5 in [1000, 1700]
      rollback_downtime_ms: 300, // 1100 .. 1400
      rollback_ok: true,
      collateral_units: [], // reverted ["model"] for an ml release: nothing else
    });
  });

  it("counts all traffic restored only after the last answer from another release", () => {
    const mixed = [
      req(10, 1000, true, { release: "bundle#1" }),
      req(11, 1100, true, { release: "bundle#2" }),
      req(12, 1200, true, { release: "bundle#1" }),
      req(13, 1300, true, { release: "bundle#1" }),
    ];
    expect(restoredAt(mixed, 1000, rollbackRecord({ unit: "bundle", from: 2, to: 1 }))).toEqual({
      first: 1000,
      all: 1200,
    });
  });

  it("lets a request answered without the unit (the logic alone) neither end nor break the restored stretch", () => {
    const mixed = [
      req(10, 1000, true, { release: "bundle#1" }),
      req(11, 1100, true, { release: "none" }),
      req(12, 1200, true, { release: "bundle#1" }),
      req(13, 1300, false, { release: null }),
      req(14, 1400, true, { release: "bundle#1" }),
      req(15, 1500, true, { release: "none" }),
    ];
    // the failed request (no answer at all) breaks it; the logic's own answers do not
    expect(restoredAt(mixed, 1000, rollbackRecord({ unit: "bundle", from: 2, to: 1 }))).toEqual({
      first: 1000,
      all: 1400,
    });
  });

  it("restores a unit whose releases never name an answer (logic served apart) when its command returned", () => {
    const answers = [req(1, 900, true, { release: "bundle#1" }), req(2, 1100, true, { release: "bundle#1" })];
    expect(
      restoredAt(answers, 1000, rollbackRecord({ unit: "logic", from: 3, to: 2, done_ms: 1050 })),
    ).toEqual({
      first: 1050,
      all: 1050,
    });
  });

  it("runs a retried rollback from its first decision to its last restore and verification", () => {
    const retried = [
      releaseTruth,
      phase("traffic-starts", 0, 0),
      ...requests,
      rollbackRecord({
        unit: "app",
        from: 2,
        to: 1,
        decision_ms: 900,
        done_ms: 950,
        ok: false,
        tests_pass_ms: null,
      }),
      rb,
      probe(1700, true),
    ];
    expect(rollback(retried)).toMatchObject({ restore_ms: 500, ttr_ms: 800, rollback_ok: true });
  });

  it("never verifies without a passing probe after the last rollback, and counts failures to the traffic's end", () => {
    const unverified = [releaseTruth, phase("traffic-starts", 0, 0), ...requests, rb, probe(1500, false)];
    expect(rollback(unverified)).toMatchObject({
      verified_ms: null,
      verify_ms: null,
      ttr_ms: null,
      rollback_ok: false,
      rollback_failed_requests: 3,
      rollback_downtime_ms: 300,
    });
  });

  it("censors a release fault that was never rolled back instead of leaving it out", () => {
    expect(rollback([releaseTruth, ...traffic([])])).toMatchObject({
      rollback_ok: false,
      ttr_ms: null,
      restore_ms: null,
    });
    expect(rollback([trialRecord(), ...traffic([])])).toMatchObject({ rollback_ok: null, ttr_ms: null });
  });
});

describe("rollback, from journals written before the probe (tests_pass_ms)", () => {
  it("sums the downtime of two runs of failures inside the window", () => {
    // window [1000, 2000]. Failures: i=1 (900, before the window), i=3,4 (1100, 1200; next ok 1300:
    // 200 ms), i=8,9,10 (1600..1800; next ok 1900: 300 ms), i=14 (2200, after the window).
    const records = [releaseTruth, ...traffic([1, 3, 4, 8, 9, 10, 14]), rollbackRecord()];
    expect(rollback(records)).toMatchObject({
      ttr_ms: 1000, // 2000 - 1000
      rollback_failed_requests: 5, // i = 3, 4, 8, 9, 10
      rollback_downtime_ms: 500, // 200 + 300
      rollback_ok: true,
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

  it("reads runs in timeline order when responses were journaled out of order", () => {
    // i=2 (1000) failed, i=3 (1100) ok, i=4 (1200) failed, i=5 (1300) ok -> 100 + 100
    const rs = [req(5, 1300), req(4, 1200, false), req(3, 1100), req(2, 1000, false)];
    expect(downtime(rs, 1000, 2000)).toBe(200);
    expect(downtime([], 1000, 2000)).toBe(0);
  });
});

describe("collateral", () => {
  const rbs = (...reverted: string[][]) => reverted.map((r) => rollbackRecord({ reverted: r }));

  it("spares the released part of a release fault and counts what the release dragged along", () => {
    expect(collateral(rbs(["model", "logic"]), { part: "ml", cause: "release" })).toEqual(["logic"]);
    expect(collateral(rbs(["model"]), { part: "ml", cause: "release" })).toEqual([]);
    expect(collateral(rbs(["model", "logic"]), { part: "logic", cause: "release" })).toEqual(["model"]);
  });

  it("counts a model rolled back for a trend or a schema change as collateral: no release was at fault", () => {
    expect(collateral(rbs(["model"]), { part: "ml", cause: "trend" })).toEqual(["model"]);
    expect(collateral(rbs(["model"]), { part: "ml", cause: "schema" })).toEqual(["model"]);
  });

  it("counts a model rolled back for a processing skew or a broken engine as collateral: no release was at fault", () => {
    expect(collateral(rbs(["model"]), { part: "ml", cause: "processing" })).toEqual(["model"]);
    expect(collateral(rbs(["model"]), { part: "ml", cause: "engine" })).toEqual(["model"]);
  });

  it("counts every revert of every rollback, each part once", () => {
    expect(
      collateral(rbs(["model"], ["logic", "model"]), { part: "infra", cause: "infrastructure" }),
    ).toEqual(["model", "logic"]);
  });

  it("takes the truth from the trial record", () => {
    const records = [
      trialRecord({ truth: { part: "logic", cause: "release" } }),
      rollbackRecord({ reverted: ["model"] }),
    ];
    expect(rollback(records).collateral_units).toEqual(["model"]);
  });
});
