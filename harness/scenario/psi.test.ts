import { describe, expect, it } from "vitest";
import { binOf, categoricalPsi, numericPsi, psiOfShares, quantileEdges } from "./psi.ts";

// 1..20: ten equal-count bins of two values each, cut at 2, 4, ..., 18.
const reference = Array.from({ length: 20 }, (_, i) => i + 1);

describe("the scenario measure's PSI", () => {
  it("cuts the reference at its nearest-rank deciles and puts a value on a cut in the lower bin", () => {
    const edges = quantileEdges(reference);
    expect(edges).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(binOf(edges, 1)).toBe(0);
    expect(binOf(edges, 2)).toBe(0);
    expect(binOf(edges, 2.5)).toBe(1);
    expect(binOf(edges, 19)).toBe(9);
  });

  it("merges repeated cuts, so a reference that is mostly zeros keeps one bin for its zeros", () => {
    const zeros = [...new Array(12).fill(0), 1, 2, 3, 4, 5, 6, 7, 8];
    expect(quantileEdges(zeros)).toEqual([0, 2, 4, 6]);
  });

  it("is zero for observations spread like the reference", () => {
    expect(numericPsi(reference, reference)).toBe(0);
    expect(numericPsi(reference, [1, 3, 5, 7, 9, 11, 13, 15, 17, 19])).toBeCloseTo(0, 12);
  });

  it("matches a hand computation when only the lower half of the reference is observed", () => {
    // Bins 0-4 hold 0.2 each instead of 0.1; bins 5-9 hold none, floored at 1e-4:
    // 5 * (0.2 - 0.1) * ln 2 + 5 * (0.0001 - 0.1) * ln(0.0001 / 0.1) = 0.346574 + 3.450424.
    const lowerHalf = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const hand = 5 * 0.1 * Math.log(2) + 5 * (0.0001 - 0.1) * Math.log(0.0001 / 0.1);
    expect(hand).toBeCloseTo(3.796998, 5);
    expect(numericPsi(reference, lowerHalf)).toBeCloseTo(hand, 10);
  });

  it("floors empty shares so an empty bin on either side stays finite", () => {
    expect(psiOfShares([1, 0], [0.5, 0.5])).toBeCloseTo(
      0.5 * Math.log(2) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5),
      10,
    );
    expect(Number.isFinite(psiOfShares([0, 1], [1, 0]))).toBe(true);
  });

  it("compares categories with the monitor library's PSI, unseen ones pooled", () => {
    expect(categoricalPsi({ a: 50, b: 50 }, ["a", "b", "a", "b"])).toBeCloseTo(0, 12);
    // Observed a 0.75, b 0.25 against 0.5 / 0.5: 0.25 ln 1.5 - 0.25 ln 0.5.
    expect(categoricalPsi({ a: 1, b: 1 }, ["a", "a", "a", "b"])).toBeCloseTo(
      0.25 * Math.log(1.5) + -0.25 * Math.log(0.5),
      10,
    );
    expect(categoricalPsi({ a: 1, b: 1 }, ["z", "z"])).toBeGreaterThan(5);
  });

  it("gives null when either side has no values", () => {
    expect(numericPsi(reference, [])).toBeNull();
    expect(numericPsi([], [1])).toBeNull();
    expect(categoricalPsi({}, ["a"])).toBeNull();
  });
});
