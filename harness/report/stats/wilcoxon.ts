import { continuityCorrectedZ, twoSidedNormalP } from "./normal.ts";
import { averageRanks, hasTies, tieTerm } from "./ranks.ts";

/**
 * Wilcoxon signed-rank test, two-sided, for paired samples (one pattern against another on the
 * same scenario and seed). simple-statistics has no signed-rank test; @stdlib/stats-wilcoxon
 * would be the library source but is not a dependency, so this follows the textbook method
 * (Wilcoxon 1945; Hollander, Wolfe & Chicken, Nonparametric Statistical Methods, ch. 3) and is
 * tested against scipy.stats.wilcoxon's documented example.
 */
export interface WilcoxonResult {
  /** Pairs left after dropping zero differences. */
  n: number;
  /** Sum of the ranks of the positive differences (W+). */
  w: number;
  p: number;
  method: "exact" | "normal";
  /** Set when there is nothing to test: p is 1 and means "no evidence", not "no difference". */
  note?: string;
}

/** Exact null distribution is enumerated up to this many non-zero differences (2^25 sign sets). */
export const EXACT_MAX_N = 25;

export const NO_EVIDENCE = "no non-zero differences: no evidence either way";

/** Test paired samples a and b (a[i] pairs with b[i]) on their differences a - b. */
export function wilcoxonPaired(a: readonly number[], b: readonly number[]): WilcoxonResult {
  if (a.length !== b.length)
    throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return wilcoxonSignedRank(a.map((x, i) => x - b[i]));
}

/**
 * Test whether differences are symmetric around 0. Zero differences are dropped (Wilcoxon's
 * original method, scipy's zero_method="wilcox"): a zero says nothing about direction. Ties in
 * |d| share average ranks; ties are exact equality, so round differences first if they come
 * from floating-point arithmetic.
 */
export function wilcoxonSignedRank(differences: readonly number[]): WilcoxonResult {
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  if (n === 0) return { n: 0, w: 0, p: 1, method: "exact", note: NO_EVIDENCE };
  const magnitudes = nonZero.map(Math.abs);
  const ranks = averageRanks(magnitudes);
  const w = nonZero.reduce((sum, d, i) => (d > 0 ? sum + ranks[i] : sum), 0);
  if (n <= EXACT_MAX_N && !hasTies(magnitudes)) return { n, w, p: exactP(n, w), method: "exact" };
  const mean = (n * (n + 1)) / 4;
  // Tied ranks shrink the variance by sum(t^3 - t) / 48.
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm(magnitudes) / 48;
  const z = continuityCorrectedZ(w, mean, Math.sqrt(Math.max(0, variance)));
  return { n, w, p: twoSidedNormalP(z), method: "normal" };
}

/**
 * Two-sided exact p: under the null each rank 1..n is positive with probability 1/2, so count the
 * 2^n sign sets by their rank sum (dynamic programming) and double the smaller tail.
 */
function exactP(n: number, w: number): number {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    for (let sum = max; sum >= rank; sum--) counts[sum] += counts[sum - rank];
  }
  const total = 2 ** n;
  let lower = 0;
  let upper = 0;
  for (let sum = 0; sum <= max; sum++) {
    if (sum <= w) lower += counts[sum];
    if (sum >= w) upper += counts[sum];
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}
