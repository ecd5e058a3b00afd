import { describe, expect, it } from "vitest";
import { EXACT_MAX_N, NO_EVIDENCE, wilcoxonPaired, wilcoxonSignedRank } from "./wilcoxon.ts";

/**
 * Brute force: every one of the 2^n sign assignments of the given ranks (tied ranks as averages),
 * counted by W+ against w. Independent of the implementation's dynamic programming.
 */
function bruteForce(ranks: readonly number[], w: number) {
  const n = ranks.length;
  let lower = 0;
  let upper = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let sum = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) sum += ranks[i];
    if (sum <= w) lower++;
    if (sum >= w) upper++;
  }
  const total = 2 ** n;
  return {
    two: Math.min(1, (2 * Math.min(lower, upper)) / total),
    less: lower / total,
    greater: upper / total,
  };
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Pascal's triangle: C(n, k) for n <= 50 stays an exact integer in a double. */
function binomials(n: number): number[] {
  let row = [1];
  for (let i = 1; i <= n; i++) row = [1, ...row.slice(1).map((c, k) => c + row[k]), 1];
  return row;
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
    expect(result.p).toBe(bruteForce(oneToN(15), 96).two);
  });

  it("gives the same p whichever sample is first (W+ = 24 for the negated differences)", () => {
    const result = wilcoxonSignedRank(d.map((x) => -x));
    expect(result.w).toBe(24);
    expect(result.p).toBe(0.041259765625);
  });

  it("agrees with brute-force enumeration of all sign assignments for every W at n = 8, on both sides", () => {
    const ranks = oneToN(8);
    for (let mask = 0; mask < 256; mask++) {
      const diffs = ranks.map((r, i) => (mask & (1 << i) ? r : -r));
      const result = wilcoxonSignedRank(diffs);
      const brute = bruteForce(ranks, result.w);
      expect(result.p).toBe(brute.two);
      expect(wilcoxonSignedRank(diffs, "greater").p).toBe(brute.greater);
      expect(wilcoxonSignedRank(diffs, "less").p).toBe(brute.less);
    }
  });

  // The 10-pair example of earlier revisions of Wikipedia's "Wilcoxon signed-rank test" article
  // (one zero difference, a tie at |d| = 5; signed-rank sum W = 9). W+ = 27, W- = 18 are checked by
  // hand. Differences x2 - x1: 15, -7, 5, 20, 0, -9, 17, -12, 5, -10; without the zero, |d| ranks
  // 5 -> 1.5, 5 -> 1.5, 7 -> 3, 9 -> 4, 10 -> 5, 12 -> 6, 15 -> 7, 17 -> 8, 20 -> 9.
  // scipy 1.17.1 wilcoxon(x2, x1) (method="auto": a sign-flip permutation test for ties at n <= 13)
  // -> statistic 18, p = 0.6328125; method="asymptotic" gave 0.6352893188352069.
  it("handles a zero and tied |d| exactly (hand-checked W = 9 example): brute force and scipy give 0.6328125", () => {
    const x2 = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135];
    const x1 = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145];
    const result = wilcoxonPaired(x2, x1);
    expect(result.n).toBe(9);
    expect(result.w).toBe(27); // 7 + 1.5 + 9 + 8 + 1.5
    expect(result.w - (45 - result.w)).toBe(9);
    expect(result.method).toBe("exact");
    expect(result.p).toBe(bruteForce([7, 3, 1.5, 9, 4, 8, 6, 1.5, 5], 27).two);
    expect(result.p).toBe(0.6328125);
  });

  it("is exact on tied |d| and matches brute force on every side (scipy 1.17.1: 0.01953125, greater 0.009765625)", () => {
    // |d| = 1, 2, 2, 3, 3, 3, 4, 1, 5, 6: the 1s share ranks 1-2 (1.5), the 2s 3-4 (3.5), the 3s
    // 5-7 (6); then 8, 9, 10. W+ = 1.5 + 3.5 + 18 + 8 + 9 + 10 = 50, W- = 3.5 + 1.5 = 5.
    const diffs = [1, -2, 2, 3, 3, 3, 4, -1, 5, 6];
    const ranks = [1.5, 3.5, 3.5, 6, 6, 6, 8, 1.5, 9, 10];
    const brute = bruteForce(ranks, 50);
    expect(wilcoxonSignedRank(diffs)).toEqual({ n: 10, w: 50, p: brute.two, method: "exact" });
    expect(wilcoxonSignedRank(diffs, "greater").p).toBe(brute.greater);
    expect(wilcoxonSignedRank(diffs, "less").p).toBe(brute.less);
    expect(brute.two).toBe(20 / 1024);
    expect(brute.greater).toBe(10 / 1024);
    expect(brute.less).toBe(1018 / 1024);
  });

  it("agrees with brute force for every sign set of a heavily tied n = 14 sample", () => {
    // |d| = 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 7: ranks 1.5 (x2), 4 (x3), 6.5 (x2), 8.5 (x2),
    // 10.5 (x2), 12, 13.5 (x2).
    const magnitudes = [1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 7];
    const ranks = [1.5, 1.5, 4, 4, 4, 6.5, 6.5, 8.5, 8.5, 10.5, 10.5, 12, 13.5, 13.5];
    // Brute force once: how many of the 2^14 sign sets give each W+ (keyed by 2 W+).
    const byW = new Map<number, number>();
    for (let mask = 0; mask < 2 ** 14; mask++) {
      let sum = 0;
      for (let i = 0; i < 14; i++) if (mask & (1 << i)) sum += ranks[i];
      byW.set(2 * sum, (byW.get(2 * sum) ?? 0) + 1);
    }
    const tail = (keep: (twiceW: number) => boolean) =>
      [...byW].reduce((s, [k, c]) => (keep(k) ? s + c : s), 0) / 2 ** 14;
    for (let mask = 0; mask < 2 ** 14; mask++) {
      const diffs = magnitudes.map((m, i) => (mask & (1 << i) ? m : -m));
      const result = wilcoxonSignedRank(diffs);
      const w2 = 2 * result.w;
      const lower = tail((k) => k <= w2);
      const upper = tail((k) => k >= w2);
      expect(result.method).toBe("exact");
      expect(result.p).toBe(Math.min(1, 2 * Math.min(lower, upper)));
    }
    // One of them against scipy 1.17.1 wilcoxon(d, method=PermutationMethod(n_resamples=inf)):
    // statistic 27.0, p = 0.1156005859375.
    const one = wilcoxonSignedRank([1, 1, 2, 2, 2, -3, 3, 4, -4, 5, 5, -6, 7, 7]);
    expect(one.p).toBe(0.1156005859375);
    expect(one.w).toBe(105 - 27);
  });

  it("is exact at n = 26 without ties (scipy 1.17.1 method='exact': 0.14271590113639832)", () => {
    const diffs = Array.from({ length: 26 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    const result = wilcoxonSignedRank(diffs);
    expect(result.method).toBe("exact");
    expect(result.w).toBe(351 - 117);
    expect(result.p).toBeCloseTo(0.14271590113639832, 14);
    // scipy 1.17.1 alternative="greater" -> 0.07135795056819916, "less" -> 0.9321093410253525.
    expect(wilcoxonSignedRank(diffs, "greater").p).toBeCloseTo(0.07135795056819916, 14);
    expect(wilcoxonSignedRank(diffs, "less").p).toBeCloseTo(0.9321093410253525, 14);
  });

  it("is exact at n = 30 with every |d| tied: W+ = 15.5 K with K binomial(30, 1/2)", () => {
    // All 30 ranks are (1 + 30) / 2 = 15.5, so W+ = 15.5 x (number of positive signs).
    const c = binomials(30);
    const cdf = (k: number) => c.slice(0, k + 1).reduce((s, x) => s + x, 0) / 2 ** 30;
    for (const positives of [0, 7, 9, 10, 15, 21, 30]) {
      const diffs = Array.from({ length: 30 }, (_, i) => (i < positives ? 2.5 : -2.5));
      const result = wilcoxonSignedRank(diffs);
      expect(result.method).toBe("exact");
      expect(result.w).toBe(15.5 * positives);
      const lower = cdf(positives);
      const upper = 1 - cdf(positives - 1);
      expect(result.p).toBeCloseTo(Math.min(1, 2 * Math.min(lower, upper)), 14);
      expect(wilcoxonSignedRank(diffs, "greater").p).toBeCloseTo(upper, 14);
    }
  });

  it("is exact at n = 50: all positive gives 2 / 2^50, and two tie groups match a binomial convolution", () => {
    expect(EXACT_MAX_N).toBe(50);
    const allUp = wilcoxonSignedRank(oneToN(50));
    expect(allUp).toEqual({ n: 50, w: 1275, p: 2 / 2 ** 50, method: "exact" });
    expect(wilcoxonSignedRank(oneToN(50), "greater").p).toBe(1 / 2 ** 50);
    // 25 differences of size 1 (ranks 1-25, average 13) and 25 of size 2 (ranks 26-50, average 38):
    // W+ = 13 K1 + 38 K2 with K1, K2 independent binomial(25, 1/2).
    const c = binomials(25);
    const w = 13 * 17 + 38 * 16;
    let lower = 0;
    let upper = 0;
    for (let k1 = 0; k1 <= 25; k1++) {
      for (let k2 = 0; k2 <= 25; k2++) {
        const s = 13 * k1 + 38 * k2;
        const prob = (c[k1] * c[k2]) / 2 ** 50;
        if (s <= w) lower += prob;
        if (s >= w) upper += prob;
      }
    }
    const diffs = [
      ...Array.from({ length: 25 }, (_, i) => (i < 17 ? 1 : -1)),
      ...Array.from({ length: 25 }, (_, i) => (i < 16 ? -2 : 2)).map((x) => -x),
    ];
    const result = wilcoxonSignedRank(diffs);
    expect(result).toMatchObject({ n: 50, w, method: "exact" });
    expect(result.p).toBeCloseTo(Math.min(1, 2 * Math.min(lower, upper)), 12);
    expect(wilcoxonSignedRank(diffs, "less").p).toBeCloseTo(lower, 12);
  });

  it("uses the normal approximation with tie and continuity corrections above 50 pairs (scipy 1.17.1 asymptotic)", () => {
    // scipy 1.17.1 wilcoxon(d, method="asymptotic", correction=True): two-sided statistic 444.0 (W-),
    // p = 0.0005161081507923274; "greater" p = 0.0002580540753961637, "less" p = 0.9997489501428618.
    const diffs = Array.from({ length: 60 }, (_, i) => ((i % 7) + 1) * (i % 4 === 0 ? -1 : 1));
    const result = wilcoxonSignedRank(diffs);
    expect(result.method).toBe("normal");
    expect(result.w).toBe(1830 - 444);
    expect(result.p).toBeCloseTo(0.0005161081507923274, 6);
    expect(wilcoxonSignedRank(diffs, "greater").p).toBeCloseTo(0.0002580540753961637, 6);
    expect(wilcoxonSignedRank(diffs, "less").p).toBeCloseTo(0.9997489501428618, 6);
  });

  it("ranks infinite differences beyond every finite one, equal infinities tied", () => {
    // |d| = 1, 2, Inf, Inf: ranks 1, 2, 3.5, 3.5; W+ = 1 + 3.5 + 3.5 = 8.
    const result = wilcoxonSignedRank([1, -2, Infinity, Infinity]);
    expect(result.w).toBe(8);
    expect(result.p).toBe(bruteForce([1, 2, 3.5, 3.5], 8).two);
  });

  it("drops zero differences and says there is no evidence when nothing is left", () => {
    expect(wilcoxonSignedRank([])).toEqual({ n: 0, w: 0, p: 1, method: "exact", note: NO_EVIDENCE });
    expect(wilcoxonSignedRank([0, 0, 0])).toEqual({ n: 0, w: 0, p: 1, method: "exact", note: NO_EVIDENCE });
    expect(wilcoxonSignedRank([0, 0, 0], "greater").p).toBe(1);
    expect(wilcoxonSignedRank([0, 0, 3]).n).toBe(1);
  });

  it("gives p = 1 for a single pair (scipy: wilcoxon([3]) -> p = 1.0), one-sided 1/2", () => {
    expect(wilcoxonSignedRank([3])).toEqual({ n: 1, w: 1, p: 1, method: "exact" });
    expect(wilcoxonSignedRank([3], "greater").p).toBe(0.5);
    expect(wilcoxonSignedRank([3], "less").p).toBe(1);
  });

  it("refuses paired samples of different lengths", () => {
    expect(() => wilcoxonPaired([1, 2], [1])).toThrow(RangeError);
  });
});
