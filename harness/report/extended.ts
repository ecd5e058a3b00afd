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

export { extendedQuantileSorted, sortExtended } from "./stats/extended-quantile.ts";

import { extendedQuantileSorted, sortExtended } from "./stats/extended-quantile.ts";

export function extendedMedian(values: readonly number[]): number | null {
  return extendedQuantileSorted(sortExtended(values), 0.5);
}

/** a - b; null when both are the same infinity (two "not reached" have no determined difference). */
export function extendedDifference(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  if (a === b && !Number.isFinite(a)) return null;
  return a - b;
}
