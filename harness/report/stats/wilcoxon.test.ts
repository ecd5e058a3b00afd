import { describe, expect, it } from "vitest";
import { NO_EVIDENCE, wilcoxonPaired, wilcoxonSignedRank } from "./wilcoxon.ts";

/** Brute force: every one of the 2^n sign assignments of ranks 1..n, for checking the DP. */
function bruteForceP(n: number, w: number): number {
  let lower = 0;
  let upper = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let sum = 0;
    for (let r = 1; r <= n; r++) if (mask & (1 << (r - 1))) sum += r;
    if (sum <= w) lower++;
    if (sum >= w) upper++;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / 2 ** n);
}

describe("wilcoxonSignedRank", () => {
  // scipy.stats.wilcoxon documentation example (height differences of cross- and self-fertilized
  // corn plants, from Wilcoxon 1945, Biometrics Bulletin 1:80-83):
  // statistic min(W+, W-) = 24, exact two-sided p = 0.041259765625. Re-run locally with
  // scipy 1.17.1: wilcoxon(d) -> 24.0, 0.041259765625; method="asymptotic" -> 0.043772323763041174.
  const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

  it("matches scipy's documented example exactly: W+ = 96 (W- = 24), p = 0.041259765625", () => {
    const result = wilcoxonSignedRank(d);
    expect(result).toEqual({ n: 15, w: 96, p: 0.041259765625, method: "exact" });
    expect(result.p).toBe(bruteForceP(15, 96));
  });

  it("gives the same p whichever sample is first (W+ = 24 for the negated differences)", () => {
    const result = wilcoxonSignedRank(d.map((x) => -x));
    expect(result.w).toBe(24);
    expect(result.p).toBe(0.041259765625);
  });

  it("agrees with brute-force enumeration of all sign assignments for every W at n = 8", () => {
    const ranks = [1, 2, 3, 4, 5, 6, 7, 8];
    for (let mask = 0; mask < 256; mask++) {
      const diffs = ranks.map((r, i) => (mask & (1 << i) ? r : -r));
      const result = wilcoxonSignedRank(diffs);
      expect(result.p).toBeCloseTo(bruteForceP(8, result.w), 12);
    }
  });

  // The 10-pair example of earlier revisions of Wikipedia's "Wilcoxon signed-rank test" article
  // (one zero difference, a tie at |d| = 5; signed-rank sum W = 9). Not confirmed against the
  // current article: W+ = 27, W- = 18 are checked by hand here, and the normal p against scipy
  // 1.17.1 wilcoxon(x2, x1, correction=True, method="asymptotic") = 0.6352893188352069 (statistic 18 = W-).
  it("handles a zero and tied |d| (hand-checked W = 9 example) with scipy's normal p", () => {
    const x2 = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135];
    const x1 = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145];
    const result = wilcoxonPaired(x2, x1);
    expect(result.n).toBe(9);
    expect(result.w).toBe(27);
    expect(result.w - (45 - result.w)).toBe(9);
    expect(result.method).toBe("normal");
    expect(result.p).toBeCloseTo(0.6352893188352069, 6);
  });

  it("uses the normal approximation with tie and continuity corrections when |d| ties", () => {
    // scipy 1.17.1: wilcoxon([1,-2,2,3,3,3,4,-1,5,6], method="asymptotic", correction=True) -> 5.0, 0.024370603757179417
    const result = wilcoxonSignedRank([1, -2, 2, 3, 3, 3, 4, -1, 5, 6]);
    expect(result.w).toBe(50);
    expect(result.method).toBe("normal");
    expect(result.p).toBeCloseTo(0.024370603757179417, 6);
  });

  it("uses the normal approximation above 25 pairs (scipy 1.17.1 asymptotic, correction=True: p = 0.14072874277056632)", () => {
    // The same vector's exact p (scipy method="exact") is 0.14271590113639832: the approximation is near.
    const diffs = Array.from({ length: 26 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    const result = wilcoxonSignedRank(diffs);
    expect(result.method).toBe("normal");
    expect(result.w).toBe(351 - 117);
    expect(result.p).toBeCloseTo(0.14072874277056632, 6);
  });

  it("drops zero differences and says there is no evidence when nothing is left", () => {
    expect(wilcoxonSignedRank([])).toEqual({ n: 0, w: 0, p: 1, method: "exact", note: NO_EVIDENCE });
    expect(wilcoxonSignedRank([0, 0, 0])).toEqual({ n: 0, w: 0, p: 1, method: "exact", note: NO_EVIDENCE });
    expect(wilcoxonSignedRank([0, 0, 3]).n).toBe(1);
  });

  it("gives p = 1 for a single pair (scipy: wilcoxon([3]) -> p = 1.0)", () => {
    expect(wilcoxonSignedRank([3])).toEqual({ n: 1, w: 1, p: 1, method: "exact" });
  });

  it("refuses paired samples of different lengths", () => {
    expect(() => wilcoxonPaired([1, 2], [1])).toThrow(RangeError);
  });
});
