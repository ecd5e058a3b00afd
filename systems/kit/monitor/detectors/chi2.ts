import { categoricalPlugin } from "./categorical.ts";
import type { DetectorPlugin } from "./types.ts";

/**
 * Pearson chi-square of observed window counts against expected counts from the reference
 * proportions. Add-one smoothing gives every known category and the pooled unseen bucket a
 * non-zero expectation; the unseen bucket's is tiny, so novel categories count heavily.
 */
export function chiSquare(
  observed: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number>,
): number {
  let n = 0;
  for (const c of observed.values()) n += c;
  if (n === 0) return 0;
  let total = 0;
  for (const c of reference.values()) total += c;
  const denominator = total + reference.size + 1;
  let statistic = 0;
  let unseen = 0;
  for (const [key, count] of observed) if (!reference.has(key)) unseen += count;
  for (const [key, refCount] of reference) {
    const expected = (n * (refCount + 1)) / denominator;
    const o = observed.get(key) ?? 0;
    statistic += ((o - expected) * (o - expected)) / expected;
  }
  const expectedUnseen = n / denominator;
  statistic += ((unseen - expectedUnseen) * (unseen - expectedUnseen)) / expectedUnseen;
  return statistic;
}

export const chi2: DetectorPlugin = categoricalPlugin("chi2", chiSquare);
