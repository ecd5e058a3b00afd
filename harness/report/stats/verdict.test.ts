import { describe, expect, it } from "vitest";
import { type VerdictEvidence, verdict } from "./verdict.ts";

/** A row with 12 pairs, nothing significant, a CI around 0 and a margin of 1. */
const base: VerdictEvidence = {
  n: 12,
  p: 0.4,
  ciLow: -0.5,
  ciHigh: 0.8,
  tostP: 0.3,
  margin: 1,
  lowerIsBetter: true,
};

describe("verdict", () => {
  it("says better for a significant drop in a lower-is-better measure, worse for a rise", () => {
    expect(verdict({ ...base, p: 0.01, ciLow: -3, ciHigh: -1 })).toBe("better");
    expect(verdict({ ...base, p: 0.01, ciLow: 1, ciHigh: 3 })).toBe("worse");
  });

  it("turns the direction round when higher is better", () => {
    expect(verdict({ ...base, lowerIsBetter: false, p: 0.01, ciLow: 1, ciHigh: 3 })).toBe("better");
    expect(verdict({ ...base, lowerIsBetter: false, p: 0.01, ciLow: -3, ciHigh: -1 })).toBe("worse");
  });

  it("is inconclusive when p < alpha but the CI straddles or touches 0", () => {
    expect(verdict({ ...base, p: 0.01, ciLow: -2, ciHigh: 0.5 })).toBe("inconclusive");
    expect(verdict({ ...base, p: 0.01, ciLow: -2, ciHigh: 0 })).toBe("inconclusive");
  });

  it("is inconclusive when the CI excludes 0 but p >= alpha (0.05 itself is not below)", () => {
    expect(verdict({ ...base, p: 0.05, ciLow: -3, ciHigh: -1 })).toBe("inconclusive");
    expect(verdict({ ...base, p: 0.2, ciLow: -3, ciHigh: -1 })).toBe("inconclusive");
  });

  it("says equivalent when the TOST p < alpha and the CI lies inside the margin", () => {
    expect(verdict({ ...base, tostP: 0.01, ciLow: -0.3, ciHigh: 0.4 })).toBe("equivalent");
  });

  it("is inconclusive when TOST rejects but the CI reaches the margin, or there is no margin or CI", () => {
    expect(verdict({ ...base, tostP: 0.01, ciLow: -0.3, ciHigh: 1 })).toBe("inconclusive");
    expect(verdict({ ...base, tostP: 0.01, ciLow: -1.2, ciHigh: 0.4 })).toBe("inconclusive");
    expect(verdict({ ...base, tostP: 0.01, margin: null })).toBe("inconclusive");
    expect(verdict({ ...base, tostP: 0.01, ciLow: null, ciHigh: null })).toBe("inconclusive");
    expect(verdict({ ...base, tostP: 0.06, ciLow: -0.3, ciHigh: 0.4 })).toBe("inconclusive");
  });

  it("says no data when there are no usable pairs, whatever else it is given", () => {
    expect(verdict({ ...base, n: 0, p: 0.001, ciLow: -3, ciHigh: -1 })).toBe("no data");
    expect(
      verdict({ n: 0, p: null, ciLow: null, ciHigh: null, tostP: null, margin: null, lowerIsBetter: true }),
    ).toBe("no data");
  });

  it("is inconclusive with nothing tested", () => {
    expect(verdict({ ...base, p: null, tostP: null })).toBe("inconclusive");
  });

  it("does not take a p below alpha when the exact test cannot reach it (minP >= alpha)", () => {
    // 5 pairs: the smallest two-sided p is 2/32 = 0.0625.
    expect(verdict({ ...base, n: 5, p: 0.03, ciLow: -3, ciHigh: -1, minP: 0.0625 })).toBe("inconclusive");
    expect(verdict({ ...base, n: 6, p: 0.03, ciLow: -3, ciHigh: -1, minP: 0.03125 })).toBe("better");
  });

  it("uses the alpha it is given", () => {
    expect(verdict({ ...base, p: 0.03, ciLow: -3, ciHigh: -1, alpha: 0.01 })).toBe("inconclusive");
    expect(verdict({ ...base, p: 0.03, ciLow: -3, ciHigh: -1, alpha: 0.05 })).toBe("better");
  });

  it("prefers the direction when a difference is both significant and inside the margin", () => {
    expect(verdict({ ...base, p: 0.01, tostP: 0.01, ciLow: -0.4, ciHigh: -0.1 })).toBe("better");
  });
});
