import { minAttainableP } from "./attainable.ts";
import { type WilcoxonResult, wilcoxonSignedRank } from "./wilcoxon.ts";

/**
 * Equivalence of paired samples by two one-sided tests (TOST; Schuirmann 1987, J. Pharmacokinetics
 * and Biopharmaceutics 15: 657-680), each a one-sided Wilcoxon signed-rank test, so the
 * equivalence claim rests on the same assumptions as the difference test (symmetric differences,
 * no normality). With margin m > 0:
 *   lower: H0 "median difference <= -m" against "> -m": Wilcoxon on d + m, alternative "greater";
 *   upper: H0 "median difference >= +m" against "< +m": Wilcoxon on d - m, alternative "less".
 * p = max(pLower, pUpper); equivalent at alpha when p < alpha (both nulls rejected).
 */
export interface TostResult {
  /** Usable differences (null and NaN dropped). */
  n: number;
  margin: number;
  pLower: number;
  pUpper: number;
  /** max(pLower, pUpper): the TOST p. */
  p: number;
  /** "normal" when either one-sided test used the normal approximation (more than 50 non-zero). */
  method: "exact" | "normal";
  /** The smallest TOST p these data could give (each side: 1 / 2^n of its non-zero shifted differences). */
  minP: number;
  alpha: number;
  equivalent: boolean;
  lower: WilcoxonResult;
  upper: WilcoxonResult;
}

/**
 * Differences are candidate - baseline, one per pair; null or NaN (a pair with no determined
 * difference) is dropped, +-Infinity is kept (it ranks beyond every finite shifted difference).
 * A shifted difference of exactly 0 (d = -m or d = +m) is dropped from that side, as Wilcoxon
 * drops zeros. The shift is floating-point arithmetic: round the differences to their resolution
 * first, and pick a margin at that resolution, or ties that exist on paper may split.
 */
export function tostWilcoxon(
  differences: readonly (number | null)[],
  margin: number,
  alpha = 0.05,
): TostResult {
  if (!(margin > 0 && Number.isFinite(margin)))
    throw new RangeError(`the equivalence margin must be a positive number: ${margin}`);
  const d = differences.filter((x): x is number => x !== null && !Number.isNaN(x));
  const lower = wilcoxonSignedRank(
    d.map((x) => x + margin),
    "greater",
  );
  const upper = wilcoxonSignedRank(
    d.map((x) => x - margin),
    "less",
  );
  const p = Math.max(lower.p, upper.p);
  return {
    n: d.length,
    margin,
    pLower: lower.p,
    pUpper: upper.p,
    p,
    method: lower.method === "exact" && upper.method === "exact" ? "exact" : "normal",
    minP: Math.max(minAttainableP("wilcoxon", lower.n, 1), minAttainableP("wilcoxon", upper.n, 1)),
    alpha,
    equivalent: p < alpha,
    lower,
    upper,
  };
}
