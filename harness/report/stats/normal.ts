import { errorFunction } from "simple-statistics";

/**
 * Two-sided tail probability of a standard normal z: P(|Z| >= |z|) = erfc(|z| / sqrt 2).
 * simple-statistics' errorFunction is the Numerical Recipes erfc fit (fractional error < 1.2e-7);
 * its cumulativeStdNormalProbability is a table rounded to z steps of 0.01, too coarse for p-values.
 */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, 1 - errorFunction(Math.abs(z) / Math.SQRT2));
}

/**
 * z of a statistic against its null mean and standard deviation, moved half a step towards the
 * mean (continuity correction for a discrete statistic), never past it.
 */
export function continuityCorrectedZ(statistic: number, mean: number, sd: number): number {
  if (sd === 0) return 0;
  return Math.max(0, Math.abs(statistic - mean) - 0.5) / sd;
}

/** Upper tail of a standard normal: P(Z >= z), the one-sided p of "greater". */
export function upperNormalP(z: number): number {
  const tail = (1 - errorFunction(Math.abs(z) / Math.SQRT2)) / 2; // P(Z >= |z|)
  return z >= 0 ? tail : 1 - tail;
}
