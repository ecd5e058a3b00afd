/**
 * Clustering quality against the species users report. The engine never sees the species, so
 * these are the only way to say whether its clusters mean anything: the adjusted Rand index
 * (Hubert and Arabie 1985; sklearn's adjusted_rand_score) and purity (each cluster counted as its
 * majority species).
 */

const choose2 = (n: number) => (n * (n - 1)) / 2;

function counts<T>(xs: readonly T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function checkPaired(a: readonly string[], b: readonly string[]): void {
  if (a.length !== b.length) throw new Error(`labelings differ in length: ${a.length} and ${b.length}`);
}

/**
 * Pair-counting agreement of two labelings, corrected for chance: 1 for the same partition (up to
 * renaming), about 0 for independent ones, down to -0.5 for especially discordant ones. Symmetric.
 */
export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  checkPaired(a, b);
  const n = a.length;
  const index = [...counts(a.map((x, i) => `${x}\u0000${b[i]}`)).values()].reduce(
    (s, c) => s + choose2(c),
    0,
  );
  const rows = [...counts(a).values()].reduce((s, c) => s + choose2(c), 0);
  const cols = [...counts(b).values()].reduce((s, c) => s + choose2(c), 0);
  const expected = n < 2 ? 0 : (rows * cols) / choose2(n);
  const max = (rows + cols) / 2;
  // Both labelings put everything in one group, or every row apart: the same partition (sklearn says 1).
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/** The most frequent species of each cluster; ties go to the species first in sort order. */
export function majorityMapping(
  clusters: readonly string[],
  species: readonly string[],
): Record<string, string> {
  checkPaired(clusters, species);
  const byCluster = new Map<string, string[]>();
  clusters.forEach((c, i) => {
    byCluster.set(c, [...(byCluster.get(c) ?? []), species[i]]);
  });
  const out: Record<string, string> = {};
  for (const [c, members] of byCluster) {
    const ranked = [...counts(members)].sort(([x, n], [y, m]) => m - n || x.localeCompare(y));
    out[c] = ranked[0][0];
  }
  return out;
}

/** Share of rows whose cluster's majority species is their own species (0 for no rows). */
export function purity(clusters: readonly string[], species: readonly string[]): number {
  if (clusters.length === 0) return 0;
  const mapping = majorityMapping(clusters, species);
  return clusters.filter((c, i) => mapping[c] === species[i]).length / clusters.length;
}
