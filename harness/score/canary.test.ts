import { describe, expect, it } from "vitest";
import { canaryMeasures } from "./canary.ts";
import type { RecordOf } from "./records.ts";
import { rollback } from "./rollback.ts";
import { req, rollbackRecord, trialRecord } from "./testing.ts";

const releaseTruth = trialRecord({ truth: { part: "ml", cause: "release" }, faults: ["release.model"] });

function canary(
  event: RecordOf<"canary">["event"],
  at_ms: number,
  at_request: number,
  who = "comparative-evaluation",
) {
  return {
    type: "canary",
    event,
    unit: "bundle",
    release: 2,
    production: 1,
    fraction: 0.25,
    who,
    reason: null,
    at_ms,
    at_request,
  } as const satisfies RecordOf<"canary">;
}

// Requests i = 0..19 every 100 ms from 0; the canary (bundle#2) answers every fourth from i = 4 to 12.
const traffic = Array.from({ length: 20 }, (_, i) =>
  req(i, 100 * i, true, { release: i >= 4 && i <= 12 && i % 4 === 0 ? "bundle#2" : "bundle#1" }),
);

describe("comparative evaluation's own measures", () => {
  it("counts a judge's abort before any operator rollback as the system's, timed from the canary's start", () => {
    const records = [
      releaseTruth,
      ...traffic,
      canary("start", 350, 4, "release pipeline"),
      canary("abort", 1250, 13),
    ];
    expect(canaryMeasures(records)).toEqual({
      system_rollback: true,
      system_rollback_ms: 900,
      system_rollback_requests: 9,
      canary_answers: 3, // i = 4, 8, 12
    });
    // The operator had nothing left to roll back: not a rollback that failed.
    expect(rollback(records).rollback_ok).toBeNull();
  });

  it("gives the rollback to the operator who aborted the canary first", () => {
    const records = [
      releaseTruth,
      ...traffic,
      canary("start", 350, 4, "release pipeline"),
      rollbackRecord({ unit: "bundle", from: 2, to: 1, decision_ms: 900, done_ms: 950 }),
    ];
    expect(canaryMeasures(records)).toMatchObject({ system_rollback: false, system_rollback_ms: null });
  });

  it("is not the system's rollback when the canary was aborted for want of a verdict", () => {
    const undecided = { ...canary("abort", 1250, 13), judged: false };
    const records = [releaseTruth, ...traffic, canary("start", 350, 4), undecided];
    expect(canaryMeasures(records)).toMatchObject({ system_rollback: false, system_rollback_ms: null });
    expect(rollback(records).rollback_ok).toBe(false);
  });

  it("is not a rollback when the judge promoted the release", () => {
    const records = [releaseTruth, ...traffic, canary("start", 350, 4), canary("promote", 1250, 13)];
    expect(canaryMeasures(records)).toMatchObject({ system_rollback: false, canary_answers: 3 });
    // A bad release promoted and never rolled back is still the operator's miss.
    expect(rollback(records).rollback_ok).toBe(false);
  });

  it("is null for a release that went out without a canary", () => {
    expect(canaryMeasures([releaseTruth, ...traffic])).toEqual({
      system_rollback: null,
      system_rollback_ms: null,
      system_rollback_requests: null,
      canary_answers: null,
    });
  });
});
