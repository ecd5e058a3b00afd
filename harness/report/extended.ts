/**
 * Extended reals for censored measures. A trial where the thing never happened (never detected,
 * never localized, never rolled back) is worse than any time: it is +Infinity, not a missing value.
 * simple-statistics interpolates quantiles as a + f (b - a), which turns Infinity - Infinity into
 * NaN, so quantiles of censored samples are taken here with the same rule (type 7, numpy's and R's
 * default) in extended arithmetic: between a finite value and +Infinity lies +Infinity ("not
 * reached"); between -Infinity and +Infinity nothing is determined (null).
 */

/** An extended real as JSON holds it: JSON has no Infinity. */
export type Ext = number | "+inf" | "-inf";

export const toExt = (x: number): Ext => (x === Infinity ? "+inf" : x === -Infinity ? "-inf" : x);

export const fromExt = (x: Ext): number => (x === "+inf" ? Infinity : x === "-inf" ? -Infinity : x);

export const toExtOrNull = (x: number | null): Ext | null => (x === null ? null : toExt(x));

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

export function extendedMedian(values: readonly number[]): number | null {
  return extendedQuantileSorted(sortExtended(values), 0.5);
}

/** a - b; null when both are the same infinity (two "not reached" have no determined difference). */
export function extendedDifference(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  if (a === b && !Number.isFinite(a)) return null;
  return a - b;
}
