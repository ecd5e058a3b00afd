import { describe, expect, it } from "vitest";
import { steadyHolds } from "./context.ts";

const check = (name: string, passed: boolean, value?: number) => ({ name, passed, value, detail: "" });

describe("the steady-state hypothesis", () => {
  it("holds when every check passes and fails when any does, with no checks named", () => {
    const h = { checks: [], tolerance: {} };
    expect(steadyHolds([check("a", true), check("b", true)], null, h)).toBe(true);
    expect(steadyHolds([check("a", true), check("b", false)], null, h)).toBe(false);
  });

  it("requires only the named checks, and fails when a named check did not run", () => {
    const h = { checks: ["a"], tolerance: {} };
    expect(steadyHolds([check("a", true), check("b", false)], null, h)).toBe(true);
    expect(steadyHolds([check("b", true)], null, h)).toBe(false);
  });

  it("lets a measure fall within its tolerance of its value before the injection", () => {
    const h = { checks: [], tolerance: { accuracy: 0.05 } };
    const before = [check("accuracy on held-out days", true, 0.76)];
    expect(steadyHolds([check("accuracy on held-out days", false, 0.72)], before, h)).toBe(true);
    expect(steadyHolds([check("accuracy on held-out days", false, 0.7)], before, h)).toBe(false);
    expect(steadyHolds([check("rules", false, 0)], [check("rules", true, 0)], h)).toBe(false);
  });
});
