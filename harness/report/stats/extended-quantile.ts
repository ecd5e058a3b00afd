/**
 * Quantiles of samples that may hold +-Infinity (a trial where the measured thing never happened),
 * in extended arithmetic: between a finite value and +Infinity lies +Infinity; between -Infinity
 * and +Infinity nothing is determined (null). On finite data, type 7 as numpy, R and
 * simple-statistics' quantileSorted.
 */

/** Ascending, with the infinities at the ends (a - b would be NaN for two equal infinities). */
export function sortExtended(values: readonly number[]): number[] {
  return values.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Quantile p of an ascending sample, type 7: index (n - 1) p, linear between its neighbours.
 * Equal to simple-statistics' quantileSorted on finite data; null for an empty sample or when the
 * neighbours are -Infinity and +Infinity.
 */
export function extendedQuantileSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (p <= 0) return sorted[0];
  if (p >= 1) return sorted[sorted.length - 1];
  const idx = (sorted.length - 1) * p;
  const lower = Math.floor(idx);
  const fraction = idx - lower;
  const lo = sorted[lower];
  if (fraction === 0) return lo;
  const hi = sorted[lower + 1];
  if (lo === hi) return lo;
  if (lo === -Infinity && hi === Infinity) return null;
  if (hi === Infinity) return Infinity;
  if (lo === -Infinity) return -Infinity;
  return lo + fraction * (hi - lo);
}

/** A bootstrap interval whose ends may be +-Infinity ("not reached") or null (not determined). */
export interface CensoredInterval {
  estimate: number | null;
  low: number | null;
  high: number | null;
  level: number;
  resamples: number;
  /** Resamples whose statistic was not determined (e.g. both medians not reached); ends are null then. */
  undetermined: number;
}
