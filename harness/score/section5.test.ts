import { describe, expect, it } from "vitest";
import type { RecordOf } from "./records.ts";
import { section5 } from "./section5.ts";
import { probe, req, rollbackRecord, trialRecord } from "./testing.ts";

const improvement = (phase: "v2" | "after-rollback", live: boolean, at_ms = 0): RecordOf<"improvement"> => ({
  type: "improvement",
  name: "explains-forecast",
  phase,
  live,
  at_ms,
});
const rb = rollbackRecord({
  unit: "bundle",
  from: 2,
  to: 1,
  decision_ms: 1000,
  done_ms: 1010,
  tests_pass_ms: null,
});
const trial = trialRecord({ faults: ["rq2:2014"] });

describe("section5", () => {
  it("calls the improvement lost when it worked with v2 and no longer does after the rollback", () => {
    expect(
      section5([trial, improvement("v2", true), rb, improvement("after-rollback", false)]).improvement_lost,
    ).toBe(true);
    expect(
      section5([trial, improvement("v2", true), rb, improvement("after-rollback", true)]).improvement_lost,
    ).toBe(false);
  });

  it("has nothing to lose when the improvement never worked with v2, was not checked, or the check after never ran", () => {
    expect(
      section5([trial, improvement("v2", false), rb, improvement("after-rollback", false)]).improvement_lost,
    ).toBeNull();
    expect(section5([trial, rb]).improvement_lost).toBeNull();
    expect(section5([trial, improvement("v2", true), rb]).improvement_lost).toBeNull();
  });

  it("counts requests from the decision on refused for their version or answered without the engine for it", () => {
    const records = [
      trial,
      // Before the decision: not the rollback's doing.
      req(0, 900, false, { contract: "v2", rule: "version" }),
      rb,
      req(1, 1000, false, { rule: "version" }),
      req(2, 1100, false, { contract: "v2", guard: "contract" }),
      // Failed for another reason (a restart), or a contract rule that is not the version's: not a break.
      req(3, 1200, false),
      req(4, 1300, false, { rule: "required" }),
      req(5, 1400, true),
    ];
    expect(section5(records).contract_breaks).toBe(2);
  });

  it("counts the wrong answers users got from the decision until the probe passed on v1", () => {
    const answer = (i: number, at: number, answered: string) =>
      req(i, at, true, { release: "bundle#1", answered, truth: "sun" });
    const records = [
      trial,
      answer(0, 900, "rain"),
      rb,
      answer(1, 1000, "rain"),
      answer(2, 1005, "sun"),
      probe(1020, true),
      answer(3, 1100, "rain"),
    ];
    expect(section5(records).rollback_wrong_answers).toBe(1);
  });

  it("counts no contract breaks in a trial without a rollback", () => {
    expect(section5([trial, req(0, 10, false, { rule: "version" })]).contract_breaks).toBeNull();
  });
});
