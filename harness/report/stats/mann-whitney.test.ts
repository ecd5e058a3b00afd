import { describe, expect, it } from "vitest";
import { mannWhitneyU, NO_EVIDENCE } from "./mann-whitney.ts";

/** Brute force: U of the first sample over every way to give it m of the ranks 1..m+n. */
function bruteForceP(m: number, n: number, u: number): number {
  let lower = 0;
  let upper = 0;
  let total = 0;
  for (let mask = 0; mask < 2 ** (m + n); mask++) {
    const chosen: number[] = [];
    for (let r = 0; r < m + n; r++) if (mask & (1 << r)) chosen.push(r + 1);
    if (chosen.length !== m) continue;
    const stat = chosen.reduce((s, r) => s + r, 0) - (m * (m + 1)) / 2;
    total++;
    if (stat <= u) lower++;
    if (stat >= u) upper++;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

describe("mannWhitneyU", () => {
  // scipy.stats.mannwhitneyu documentation example, after Shier (2004), "Statistics: 2.3 The
  // Mann-Whitney U Test", Mathematics Learning Support Centre: age at type II diabetes diagnosis.
  // Documented: U_M = 17, U_F = 3, exact two-sided p = 0.1111 (14 of 126 rank sets); scipy 1.17.1
  // method="asymptotic" -> 0.11134688653314041 (with continuity correction).
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it("matches scipy's documented example: U = 17, exact two-sided p = 0.1111", () => {
    const result = mannWhitneyU(males, females);
    expect(result.u).toBe(17);
    expect(result.method).toBe("exact");
    expect(result.p).toBeCloseTo(14 / 126, 12);
    const swapped = mannWhitneyU(females, males);
    expect(swapped.u).toBe(3);
    expect(swapped.p).toBeCloseTo(14 / 126, 12);
  });

  it("agrees with brute-force enumeration of rank sets for every U at m = 4, n = 6", () => {
    for (let u = 0; u <= 24; u++) {
      const result = exactFor(4, 6, u);
      if (result === null) continue;
      expect(result.p).toBeCloseTo(bruteForceP(4, 6, u), 12);
    }
  });

  it("uses the normal approximation with tie and continuity corrections when values tie", () => {
    // scipy 1.17.1: mannwhitneyu(a, b, method="asymptotic") -> statistic 18.5, p = 0.2915093621897107
    const result = mannWhitneyU([1, 2, 2, 3, 4, 5, 5, 5], [2, 3, 3, 4, 6, 6, 7]);
    expect(result.u).toBe(18.5);
    expect(result.method).toBe("normal");
    expect(result.p).toBeCloseTo(0.2915093621897107, 6);
  });

  it("uses the normal approximation above 49 per sample, near the exact p", () => {
    const x = Array.from({ length: 50 }, (_, i) => 2 * i + 1);
    const y = Array.from({ length: 50 }, (_, i) => 2 * i + 10);
    const normal = mannWhitneyU(x, y);
    expect(normal.method).toBe("normal");
    const exact = mannWhitneyU(x.slice(0, 49), y.slice(0, 49));
    expect(exact.method).toBe("exact");
    expect(Math.abs(normal.p - exact.p)).toBeLessThan(0.05);
  });

  it("says there is no evidence when a sample is empty", () => {
    expect(mannWhitneyU([], [1, 2])).toEqual({ u: 0, p: 1, method: "exact", note: NO_EVIDENCE });
  });

  it("gives p = 1 for one value against one, and for identical samples", () => {
    expect(mannWhitneyU([2], [1])).toEqual({ u: 1, p: 1, method: "exact" });
    expect(mannWhitneyU([3, 3, 3], [3, 3, 3])).toMatchObject({ u: 4.5, p: 1, method: "normal" });
  });
});

/** Build samples of sizes m and n (values 1..m+n, no ties) whose U is u, and test them. */
function exactFor(m: number, n: number, u: number) {
  // Search the rank sets for the first one with this U (U counted directly, not by rank sum).
  for (let mask = 0; mask < 2 ** (m + n); mask++) {
    const x: number[] = [];
    const y: number[] = [];
    for (let r = 0; r < m + n; r++) (mask & (1 << r) ? x : y).push(r + 1);
    if (x.length !== m) continue;
    const stat = x.reduce((s, v) => s + y.filter((w) => w < v).length, 0);
    if (stat === u) return mannWhitneyU(x, y);
  }
  return null;
}
