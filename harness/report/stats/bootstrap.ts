import { median, quantileSorted } from "simple-statistics";
import { type Rng, rng } from "../../../systems/kit/random.ts";

/**
 * Seeded percentile bootstrap confidence interval of the median difference (Efron & Tibshirani
 * 1993, An Introduction to the Bootstrap, ch. 13). Same seed, same interval: reports reproduce.
 */
export interface BootstrapInterval {
  /** The median difference of the data themselves. */
  estimate: number;
  low: number;
  high: number;
  level: number;
  resamples: number;
}

export interface BootstrapOptions {
  seed: number | string;
  /** Number of resamples B; 2000 by default. */
  resamples?: number;
  /** Confidence level; 0.95 by default. */
  level?: number;
}

export const DEFAULT_RESAMPLES = 2000;

/** Paired: resample the differences a[i] - b[i] and take each resample's median. */
export function bootstrapPairedMedianDifference(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions,
): BootstrapInterval {
  if (a.length !== b.length)
    throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  if (a.length === 0) throw new RangeError("bootstrap needs at least one pair");
  const differences = a.map((x, i) => x - b[i]);
  const random = rng(options.seed);
  return interval(median(differences), options, () => median(resample(differences, random)));
}

/** Unpaired: resample each group on its own and take the difference of their medians, a - b. */
export function bootstrapMedianDifference(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions,
): BootstrapInterval {
  if (a.length === 0 || b.length === 0) throw new RangeError("bootstrap needs a value in each sample");
  const random = rng(options.seed);
  return interval(median(a) - median(b), options, () => {
    return median(resample(a, random)) - median(resample(b, random));
  });
}

function interval(estimate: number, options: BootstrapOptions, draw: () => number): BootstrapInterval {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be >= 1: ${resamples}`);
  const stats = Array.from({ length: resamples }, draw).sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  // Percentiles by linear interpolation (simple-statistics: R type 7, numpy's default).
  return {
    estimate,
    low: quantileSorted(stats, tail),
    high: quantileSorted(stats, 1 - tail),
    level,
    resamples,
  };
}

function resample(values: readonly number[], random: Rng): number[] {
  return Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)]);
}
