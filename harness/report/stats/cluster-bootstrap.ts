import { type Rng, rng } from "../../../systems/kit/random.ts";
import { type BootstrapOptions, DEFAULT_RESAMPLES } from "./bootstrap.ts";
import { type CensoredInterval, extendedQuantileSorted, sortExtended } from "./extended-quantile.ts";

/**
 * Two-stage cluster bootstrap of the median paired difference (Davison & Hinkley 1997, Bootstrap
 * Methods and their Application, sec. 3.8; Field & Welsh 2007, JRSS B 69: 369-390). Pairs from the
 * same task (cluster) and seed (subcluster) are not independent draws, so resampling rows one by
 * one understates the spread when tasks differ. Each resample:
 *   1. draws as many clusters as there are, with replacement;
 *   2. within each drawn cluster, draws as many of its subclusters as it has, with replacement;
 *   3. takes every row of each drawn subcluster (a cluster drawn twice contributes twice);
 * and its statistic is the median d of those rows. The CI is the percentile interval of the
 * resampled medians (type 7 quantiles, as bootstrap.ts). Seeded with the same helper as
 * bootstrap.ts: same rows in the same order and the same seed, same interval.
 *
 * A draw from a single item takes no random number, so with one cluster this is exactly the
 * two-level (subcluster) bootstrap, and with one row per cluster exactly the row bootstrap of
 * bootstrapPairedMedianDifference, draw for draw.
 */
export interface ClusterRow {
  /** The task, say: the top-level unit of resampling. */
  cluster: string;
  /** The seed within the task, say: resampled within its cluster. */
  subcluster: string;
  /** Candidate - baseline; null or NaN when the pair has no determined difference (dropped). */
  d: number | null;
}

/** A censored interval (see CensoredInterval), plus the counts behind it. */
export interface ClusterBootstrapInterval extends CensoredInterval {
  clusters: number;
  rows: number;
}

/** null when no row has a usable difference: there is nothing to resample (not a [0, 0] interval). */
export function clusterBootstrapMedianCI(
  rows: readonly ClusterRow[],
  options: BootstrapOptions,
): ClusterBootstrapInterval | null {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be >= 1: ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie between 0 and 1: ${level}`);
  const usable = rows.filter((r): r is ClusterRow & { d: number } => r.d !== null && !Number.isNaN(r.d));
  if (usable.length === 0) return null;

  // cluster -> subcluster -> differences, each level in order of first appearance.
  const tree = new Map<string, Map<string, number[]>>();
  for (const { cluster, subcluster, d } of usable) {
    const subs = tree.get(cluster) ?? new Map<string, number[]>();
    tree.set(cluster, subs);
    const values = subs.get(subcluster) ?? [];
    subs.set(subcluster, values);
    values.push(d);
  }
  const clusters = [...tree.values()].map((subs) => [...subs.values()]);

  const random = rng(options.seed);
  const draws: (number | null)[] = [];
  for (let b = 0; b < resamples; b++) {
    const values: number[] = [];
    for (let i = 0; i < clusters.length; i++) {
      const subs = clusters[pick(clusters.length, random)];
      for (let j = 0; j < subs.length; j++) for (const d of subs[pick(subs.length, random)]) values.push(d);
    }
    draws.push(median(values));
  }
  const determined = draws.filter((x): x is number => x !== null);
  const undetermined = resamples - determined.length;
  const sorted = sortExtended(determined);
  const tail = (1 - level) / 2;
  return {
    estimate: median(usable.map((r) => r.d)),
    low: undetermined > 0 ? null : extendedQuantileSorted(sorted, tail),
    high: undetermined > 0 ? null : extendedQuantileSorted(sorted, 1 - tail),
    level,
    resamples,
    undetermined,
    clusters: clusters.length,
    rows: usable.length,
  };
}

/** An index below n; no random number is used when there is one item to choose. */
const pick = (n: number, random: Rng) => (n === 1 ? 0 : Math.floor(random() * n));

const median = (values: readonly number[]) => extendedQuantileSorted(sortExtended(values), 0.5);
