import { continuityCorrectedZ, twoSidedNormalP, upperNormalP } from "./normal.ts";
import { averageRanks, tieTerm } from "./ranks.ts";

/**
 * Wilcoxon signed-rank test for paired samples (one pattern against another on the same scenario
 * and seed). simple-statistics has no signed-rank test; @stdlib/stats-wilcoxon would be the
 * library source but is not a dependency, so this follows the textbook method (Wilcoxon 1945;
 * Hollander, Wolfe & Chicken, Nonparametric Statistical Methods, ch. 3) and is tested against
 * scipy.stats.wilcoxon's documented example and against brute-force enumeration of sign sets.
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

/**
 * "two-sided": the differences are not symmetric around 0; "greater": they lie above 0 (W+ large);
 * "less": they lie below 0 (W+ small). The names and meanings are scipy's.
 */
export type Alternative = "two-sided" | "greater" | "less";

/**
 * Up to this many non-zero differences the p is exact, ties or not: the 2^n sign sets are counted
 * by rank sum, and the counts (at most 2^50) stay exact integers in a double (below 2^53).
 */
export const EXACT_MAX_N = 50;

export const NO_EVIDENCE = "no non-zero differences: no evidence either way";

/** Test paired samples a and b (a[i] pairs with b[i]) on their differences a - b. */
export function wilcoxonPaired(
  a: readonly number[],
  b: readonly number[],
  alternative: Alternative = "two-sided",
): WilcoxonResult {
  if (a.length !== b.length)
    throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return wilcoxonSignedRank(
    a.map((x, i) => x - b[i]),
    alternative,
  );
}

/**
 * Test whether differences are symmetric around 0 (or, one-sided, lie above or below it). Zero
 * differences are dropped (Wilcoxon's original method, scipy's zero_method="wilcox"): a zero says
 * nothing about direction. Ties in |d| share average ranks; ties are exact equality, so round
 * differences first if they come from floating-point arithmetic. +-Infinity ranks beyond every
 * finite difference, equal infinities tied.
 *
 * Up to EXACT_MAX_N non-zero differences the p is exact and conditional on the ties: every rank,
 * average ranks included, is positive or negative with probability 1/2, independently. That is
 * the permutation (sign-flip) distribution scipy's method="auto" uses for small tied samples; its
 * method="exact" instead rounds W+ and uses the untied table. Above EXACT_MAX_N: the normal
 * approximation with tie and continuity corrections (scipy method="asymptotic", correction=True).
 * Two-sided exact p = min(1, 2 min(P(W+ <= w), P(W+ >= w))), as scipy doubles the smaller tail.
 */
export function wilcoxonSignedRank(
  differences: readonly number[],
  alternative: Alternative = "two-sided",
): WilcoxonResult {
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  if (n === 0) return { n: 0, w: 0, p: 1, method: "exact", note: NO_EVIDENCE };
  const magnitudes = nonZero.map(Math.abs);
  const ranks = averageRanks(magnitudes);
  const w = nonZero.reduce((sum, d, i) => (d > 0 ? sum + ranks[i] : sum), 0);
  if (n <= EXACT_MAX_N) return { n, w, p: exactP(ranks, w, alternative), method: "exact" };
  return { n, w, p: normalP(n, w, tieTerm(magnitudes), alternative), method: "normal" };
}

/**
 * The null distribution of W+ given the ranks, over doubled ranks: an average rank is a multiple
 * of 1/2, so 2 * rank is an integer and counts[s] is the number of sign sets with 2 W+ = s. Each
 * rank joins the positive set or not (dynamic programming over ranks, as in a subset-sum count).
 */
export function signedRankCounts(ranks: readonly number[]): number[] {
  const doubled = ranks.map((r) => Math.round(2 * r));
  const max = doubled.reduce((sum, r) => sum + r, 0);
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  let reach = 0; // the largest sum reached so far
  for (const r of doubled) {
    for (let sum = reach; sum >= 0; sum--) counts[sum + r] += counts[sum];
    reach += r;
  }
  return counts;
}

function exactP(ranks: readonly number[], w: number, alternative: Alternative): number {
  const counts = signedRankCounts(ranks);
  const target = Math.round(2 * w);
  let lower = 0; // sign sets with W+ <= w
  let upper = 0; // sign sets with W+ >= w
  for (let sum = 0; sum < counts.length; sum++) {
    if (sum <= target) lower += counts[sum];
    if (sum >= target) upper += counts[sum];
  }
  const total = 2 ** ranks.length;
  if (alternative === "greater") return upper / total;
  if (alternative === "less") return lower / total;
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

/**
 * Normal approximation: mean n(n+1)/4, variance n(n+1)(2n+1)/24 less sum(t^3 - t)/48 for ties,
 * W+ moved half a step towards the mean (one-sided: towards the side under test, as scipy does).
 */
function normalP(n: number, w: number, ties: number, alternative: Alternative): number {
  const mean = (n * (n + 1)) / 4;
  const sd = Math.sqrt(Math.max(0, (n * (n + 1) * (2 * n + 1)) / 24 - ties / 48));
  if (alternative === "two-sided") return twoSidedNormalP(continuityCorrectedZ(w, mean, sd));
  if (sd === 0) return 1;
  if (alternative === "greater") return upperNormalP((w - mean - 0.5) / sd);
  return upperNormalP(-(w - mean + 0.5) / sd);
}
