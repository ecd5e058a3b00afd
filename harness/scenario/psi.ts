/**
 * Population stability index of observed values against a training reference, for the scenario
 * measure: numeric values over quantile bins of the reference (10 by default, the usual PSI
 * reading: < 0.1 stable, 0.1-0.25 moving, > 0.25 shifted), categories over the reference's own
 * categories with the monitor library's PSI (unseen categories pooled into one bucket).
 */
import { PSI_EPSILON, populationStability } from "../../systems/kit/monitor/detectors/psi.ts";

export const PSI_BINS = 10;

/**
 * Interior cut points of `bins` equal-count bins of the reference: the nearest-rank k/bins
 * quantiles, k = 1 .. bins-1, with repeated cuts merged (a reference that is half zeros puts its
 * first five cuts on 0, which leaves one bin for all the zeros).
 */
export function quantileEdges(reference: readonly number[], bins = PSI_BINS): number[] {
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`bins must be an integer >= 2 (got ${bins})`);
  const sorted = reference.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = sorted[Math.max(0, Math.ceil((k / bins) * sorted.length) - 1)];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** The bin of a value: how many cut points lie strictly below it (a value on a cut goes left). */
export function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Share of the finite values in each of the edges' bins. */
export function binShares(edges: readonly number[], values: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    counts[binOf(edges, v)]++;
    n++;
  }
  return counts.map((c) => (n === 0 ? 0 : c / n));
}

/** sum over bins of (actual - expected) * ln(actual / expected), shares floored at epsilon. */
export function psiOfShares(
  actual: readonly number[],
  expected: readonly number[],
  epsilon = PSI_EPSILON,
): number {
  if (actual.length !== expected.length)
    throw new RangeError(`share vectors differ in length (${actual.length} vs ${expected.length})`);
  let psi = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = Math.max(actual[i], epsilon);
    const e = Math.max(expected[i], epsilon);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** PSI of numeric observations against a numeric reference, over the reference's quantile bins; null without data. */
export function numericPsi(
  reference: readonly number[],
  observed: readonly number[],
  bins = PSI_BINS,
): number | null {
  const edges = quantileEdges(reference, bins);
  if (!reference.some((v) => Number.isFinite(v)) || !observed.some((v) => Number.isFinite(v))) return null;
  return psiOfShares(binShares(edges, observed), binShares(edges, reference));
}

/** PSI of observed categories against reference counts (the monitor library's categorical PSI); null without data. */
export function categoricalPsi(
  referenceCounts: Readonly<Record<string, number>>,
  observed: readonly string[],
): number | null {
  const reference = new Map(Object.entries(referenceCounts).filter(([, c]) => Number.isFinite(c) && c > 0));
  if (reference.size === 0 || observed.length === 0) return null;
  const counts = new Map<string, number>();
  for (const o of observed) counts.set(o, (counts.get(o) ?? 0) + 1);
  return populationStability(counts, reference);
}
