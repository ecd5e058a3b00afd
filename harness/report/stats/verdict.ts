/**
 * One word for one comparison row, from the difference test, its bootstrap CI and the
 * equivalence test. The rule, in order:
 *   "no data"      no usable pairs (n = 0): nothing was measured on both sides.
 *   "better"/"worse"  the (Holm-adjusted) two-sided p < alpha AND the CI of candidate - baseline
 *                  lies wholly on one side of 0 (high < 0 or low > 0). Below 0 is "better" when
 *                  lowerIsBetter (times, counts of failures), "worse" otherwise; above 0 the reverse.
 *                  Not when minP >= alpha: the exact test cannot reject at this n, so a p below
 *                  alpha can only come from an approximation and is not taken.
 *   "equivalent"   the TOST p < alpha AND the CI lies strictly inside (-margin, +margin).
 *   "inconclusive" anything else, including a significant p whose CI straddles 0 (the test and
 *                  the interval disagree) and a row without a CI.
 * A difference that is significant and also inside the margin is reported as "better"/"worse":
 * the direction is real, and the margin says how much it matters (the report can show both).
 */
export type VerdictLabel = "better" | "worse" | "equivalent" | "inconclusive" | "no data";

export interface VerdictEvidence {
  /** Usable pairs (or trials) behind the row; 0 gives "no data". */
  n: number;
  /** Two-sided p of the difference test, Holm-adjusted over its family; null when none ran. */
  p: number | null;
  /** CI of the difference candidate - baseline; null ends when there is none. */
  ciLow: number | null;
  ciHigh: number | null;
  /** TOST p (max of the two one-sided p's), adjusted as p is if it is in the family; null when not run. */
  tostP: number | null;
  /** Equivalence margin, in the measure's unit; null when none was declared. */
  margin: number | null;
  /** 0.05 by default. */
  alpha?: number;
  /** Smallest p the difference test can give at this n (minAttainableP); omitted: no guard. */
  minP?: number;
  /** True for times and failure counts: a negative difference favours the candidate. */
  lowerIsBetter: boolean;
}

export function verdict(e: VerdictEvidence): VerdictLabel {
  const alpha = e.alpha ?? 0.05;
  if (e.n === 0) return "no data";
  const hasCi = e.ciLow !== null && e.ciHigh !== null;
  const reachable = e.minP === undefined || e.minP < alpha;
  if (reachable && e.p !== null && e.p < alpha && hasCi) {
    if (e.ciHigh! < 0) return e.lowerIsBetter ? "better" : "worse";
    if (e.ciLow! > 0) return e.lowerIsBetter ? "worse" : "better";
  }
  if (
    e.tostP !== null &&
    e.tostP < alpha &&
    e.margin !== null &&
    e.margin > 0 &&
    hasCi &&
    e.ciLow! > -e.margin &&
    e.ciHigh! < e.margin
  )
    return "equivalent";
  return "inconclusive";
}
