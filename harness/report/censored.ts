/**
 * The report's statistics on censored samples: +Infinity is a trial where the measured thing never
 * happened. Rank tests see it as a value worse than every observed one (all such tie); intervals
 * are percentile bootstraps whose medians are taken in extended arithmetic. On finite data every
 * function here hands over to the tested stats/ module and gives its results exactly.
 */
import { type Rng, rng } from "../../systems/kit/random.ts";
import { extendedDifference, extendedMedian, extendedQuantileSorted, sortExtended } from "./extended.ts";
import type { CensoredInterval } from "./stats/extended-quantile.ts";
import {
  type A12Result,
  a12,
  type BootstrapOptions,
  bootstrapMedianDifference,
  bootstrapPairedMedianDifference,
  DEFAULT_RESAMPLES,
  type MannWhitneyResult,
  mannWhitneyU,
  type WilcoxonResult,
  wilcoxonSignedRank,
} from "./stats/index.ts";

export type { CensoredInterval } from "./stats/extended-quantile.ts";

const allFinite = (...samples: (readonly number[])[]) => samples.every((s) => s.every(Number.isFinite));

/**
 * Differences a - b of the pairs that carry one. A pair where neither was reached (both +Infinity)
 * carries none: which pattern would have been faster is unknown, so it is left out, of the
 * intervals as the signed-rank test leaves out a zero (not counted as a tie of 0).
 */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length)
    throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return a.flatMap((x, i) => {
    const d = extendedDifference(x, b[i]);
    return d === null ? [] : [d];
  });
}

/** Whether a pair carries a difference: not when both sides were never reached. */
export const carriesDifference = (a: number, b: number): boolean => extendedDifference(a, b) !== null;

/**
 * Replaces +-Infinity by a finite value beyond every finite one (sign kept). Ranks, and the ties
 * among the never-reached, stay as they were, so the rank tests give the answer for the censored data.
 */
export function rankEquivalent(values: readonly number[], pooledWith: readonly number[] = []): number[] {
  const finite = [...values, ...pooledWith].filter(Number.isFinite).map(Math.abs);
  const beyond = Math.max(0, ...finite) + 1;
  return values.map((v) => (v === Infinity ? beyond : v === -Infinity ? -beyond : v));
}

export function censoredWilcoxon(differences: readonly number[]): WilcoxonResult {
  return wilcoxonSignedRank(rankEquivalent(differences));
}

export function censoredMannWhitney(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  return mannWhitneyU(rankEquivalent(x, y), rankEquivalent(y, x));
}

/** A12 compares values pair by pair, which Infinity already does exactly. */
export function censoredA12(x: readonly number[], y: readonly number[]): A12Result | null {
  return a12(x, y);
}

/** median: of times and counts, in extended arithmetic; rate: the mean of 0/1 values. */
export type Statistic = "median" | "rate";

const average = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const STATISTICS: Record<Statistic, (values: readonly number[]) => number | null> = {
  median: extendedMedian,
  rate: average,
};

/**
 * CI of candidate a against baseline b. paired (a[i] with b[i]): the statistic of the differences
 * a - b; unpaired: statistic(a) - statistic(b). The statistic is the median, or for 0/1 values the
 * rate (a median difference of 0/1 values is nearly always 0 and says little).
 */
export function differenceInterval(
  design: "paired" | "unpaired",
  a: readonly number[],
  b: readonly number[],
  statistic: Statistic,
  options: BootstrapOptions,
): CensoredInterval {
  const paired = design === "paired";
  if (statistic === "median" && allFinite(a, b)) {
    const ci = paired
      ? bootstrapPairedMedianDifference(a, b, options)
      : bootstrapMedianDifference(a, b, options);
    return { ...ci, undetermined: 0 };
  }
  const stat = STATISTICS[statistic];
  return paired
    ? extendedPairedInterval(pairedDifferences(a, b), stat, options)
    : extendedUnpairedInterval(a, b, stat, options);
}

/** CI of one sample's median: the unpaired difference from a sample that is always 0. */
export function medianInterval(a: readonly number[], options: BootstrapOptions): CensoredInterval {
  return differenceInterval("unpaired", a, [0], "median", options);
}

/**
 * The stats/ paired bootstrap in extended arithmetic: the same seed, draws and percentile rule, so on
 * finite data with the median it gives exactly what bootstrapPairedMedianDifference gives (a test
 * holds it to that).
 */
export function extendedPairedInterval(
  differences: readonly number[],
  stat: (values: readonly number[]) => number | null,
  options: BootstrapOptions,
): CensoredInterval {
  if (differences.length === 0) throw new RangeError("bootstrap needs at least one pair");
  const random = rng(options.seed);
  return percentiles(stat(differences), options, () => stat(resample(differences, random)));
}

/** The stats/ unpaired bootstrap in extended arithmetic (same draws as bootstrapMedianDifference). */
export function extendedUnpairedInterval(
  a: readonly number[],
  b: readonly number[],
  stat: (values: readonly number[]) => number | null,
  options: BootstrapOptions,
): CensoredInterval {
  if (a.length === 0 || b.length === 0) throw new RangeError("bootstrap needs a value in each sample");
  const random = rng(options.seed);
  return percentiles(extendedDifference(stat(a), stat(b)), options, () => {
    const sa = stat(resample(a, random));
    return extendedDifference(sa, stat(resample(b, random)));
  });
}

function percentiles(
  estimate: number | null,
  options: BootstrapOptions,
  draw: () => number | null,
): CensoredInterval {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be >= 1: ${resamples}`);
  const draws = Array.from({ length: resamples }, draw);
  const determined = draws.filter((d): d is number => d !== null);
  const undetermined = resamples - determined.length;
  const base = { estimate, level, resamples, undetermined };
  // An undetermined draw has no place in the order, so no percentile of the draws is determined.
  if (undetermined > 0) return { ...base, low: null, high: null };
  const sorted = sortExtended(determined);
  const tail = (1 - level) / 2;
  return {
    ...base,
    low: extendedQuantileSorted(sorted, tail),
    high: extendedQuantileSorted(sorted, 1 - tail),
  };
}

function resample(values: readonly number[], random: Rng): number[] {
  return Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)]);
}
