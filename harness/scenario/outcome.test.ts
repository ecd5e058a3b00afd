import { describe, expect, it } from "vitest";
import { outcomeMismatches } from "./outcome.ts";

const rolledBack = {
  silent: false,
  ac1: 1 as const,
  rollback_ok: true,
  steady_after: true,
  failed_steps: [],
};
const want = { detected: true, localized: true, rolledBack: true, steadyAfter: true };

describe("a trial's outcome against its scenario's", () => {
  it("finds nothing to say when every part matches", () => {
    expect(outcomeMismatches(rolledBack, want)).toEqual([]);
  });

  it("names each part that differs with what was expected and what happened", () => {
    const got = {
      silent: true,
      ac1: 0 as const,
      rollback_ok: null,
      steady_after: false,
      failed_steps: ["verify"],
    };
    expect(outcomeMismatches(got, want)).toEqual([
      "detected: expected true, got false",
      "localized: expected true, got false",
      "rolledBack: expected true, got false",
      "steadyAfter: expected true, got false",
      "failed steps: verify",
    ]);
  });

  it("counts a rollback that failed as neither rolled back nor left alone", () => {
    const failed = { ...rolledBack, rollback_ok: false };
    expect(outcomeMismatches(failed, want)).toEqual(["rolledBack: expected true, got failed"]);
    expect(outcomeMismatches(failed, { ...want, rolledBack: false })).toEqual([
      "rolledBack: expected false, got failed",
    ]);
  });
});
