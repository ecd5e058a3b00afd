import type { FeatureReference } from "../../features/types.ts";
import { MonitorError } from "../errors.ts";

/** The finite values of a numeric reference; a detector cannot compare against nothing. */
export function numericSample(ref: FeatureReference, detector: string): number[] {
  if (ref.kind !== "numeric") {
    throw new MonitorError(
      `detector '${detector}' needs a numeric reference, feature '${ref.field}' is ${ref.kind}`,
    );
  }
  const sample = ref.sample.filter((v) => Number.isFinite(v));
  if (sample.length === 0) throw new MonitorError(`feature '${ref.field}' has an empty reference sample`);
  return sample;
}

/** Positive counts of a categorical reference. */
export function categoryCounts(ref: FeatureReference, detector: string): Map<string, number> {
  if (ref.kind !== "categorical") {
    throw new MonitorError(
      `detector '${detector}' needs a categorical reference, feature '${ref.field}' is ${ref.kind}`,
    );
  }
  const counts = new Map<string, number>();
  for (const [key, count] of Object.entries(ref.counts)) {
    if (Number.isFinite(count) && count > 0) counts.set(key, count);
  }
  if (counts.size === 0) throw new MonitorError(`feature '${ref.field}' has an empty reference distribution`);
  return counts;
}

/**
 * Categories that training never saw are pooled into one bucket, so a novel group (trend.novel)
 * weighs as one heavily unexpected category rather than many tiny ones.
 */
export const UNSEEN = "\u0000unseen";
