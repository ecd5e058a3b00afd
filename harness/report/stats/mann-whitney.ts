import { wilcoxonRankSum } from "simple-statistics";
import { continuityCorrectedZ, twoSidedNormalP } from "./normal.ts";
import { hasTies, tieTerm } from "./ranks.ts";

/**
 * Mann-Whitney U test, two-sided, for unpaired samples (where trials do not pair by scenario and
 * seed). The rank sum comes from simple-statistics (wilcoxonRankSum, average ranks for ties);
 * simple-statistics gives no p-value for it, so the null distribution is computed here
 * (Mann & Whitney 1947; Hollander, Wolfe & Chicken ch. 4). @stdlib has no rank-sum test package.
 */
export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting half. */
  u: number;
  p: number;
  method: "exact" | "normal";
  /** Set when a sample is empty: p is 1 and means "no evidence", not "no difference". */
  note?: string;
}

/** Exact below this size per sample, as R's wilcox.test does (n1 < 50 and n2 < 50, no ties). */
export const EXACT_MAX_SAMPLE = 49;

export const NO_EVIDENCE = "an empty sample: no evidence either way";

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) return { u: 0, p: 1, method: "exact", note: NO_EVIDENCE };
  const u = wilcoxonRankSum(x, y) - (m * (m + 1)) / 2;
  const pooled = [...x, ...y];
  if (m <= EXACT_MAX_SAMPLE && n <= EXACT_MAX_SAMPLE && !hasTies(pooled)) {
    return { u, p: exactP(m, n, u), method: "exact" };
  }
  const total = m + n;
  const mean = (m * n) / 2;
  // Tied ranks shrink the variance: (mn/12) * ((N + 1) - sum(t^3 - t) / (N (N - 1))).
  const variance = ((m * n) / 12) * (total + 1 - tieTerm(pooled) / (total * (total - 1)));
  const z = continuityCorrectedZ(u, mean, Math.sqrt(Math.max(0, variance)));
  return { u, p: twoSidedNormalP(z), method: "normal" };
}

/**
 * Two-sided exact p without ties: U of the first sample counts, over all C(m+n, m) equally likely
 * rank sets, as c(m, n, u) = c(m - 1, n, u - n) + c(m, n - 1, u) (Mann & Whitney 1947). Counts are
 * kept as probabilities, each step weighted by its share, so large m and n do not overflow.
 */
function exactP(m: number, n: number, u: number): number {
  const dist = uDistribution(m, n);
  let lower = 0;
  let upper = 0;
  for (let k = 0; k < dist.length; k++) {
    if (k <= u) lower += dist[k];
    if (k >= u) upper += dist[k];
  }
  return Math.min(1, 2 * Math.min(lower, upper));
}

/** P(U = k) for k = 0..mn, built up over sample sizes (i, j). */
function uDistribution(m: number, n: number): number[] {
  // prev[j] holds the distribution for (i - 1, j); grow i from 0 to m.
  let prev: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const cur: number[][] = [[1]]; // j = 0: U is 0 for sure
    for (let j = 1; j <= n; j++) {
      // The largest value is in the first sample with probability i / (i + j): it beats all j.
      const a = i / (i + j);
      const withLargest = prev[j];
      const withoutLargest = cur[j - 1];
      const dist = new Array<number>(i * j + 1).fill(0);
      for (let k = 0; k < withLargest.length; k++) dist[k + j] += a * withLargest[k];
      for (let k = 0; k < withoutLargest.length; k++) dist[k] += (1 - a) * withoutLargest[k];
      cur.push(dist);
    }
    prev = cur;
  }
  return prev[n];
}
