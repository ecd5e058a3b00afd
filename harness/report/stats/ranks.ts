/**
 * Ranks 1..n in input order; tied values share the average of the ranks they span. Compared with
 * < and > rather than by subtraction, so equal infinities tie (Infinity - Infinity is NaN).
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values
    .map((_, i) => i)
    .sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Sizes of the groups of equal values (1 for an untied value): the tie corrections need them. */
export function tieSizes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()];
}

export function hasTies(values: readonly number[]): boolean {
  return tieSizes(values).some((t) => t > 1);
}

/** Sum over tie groups of t^3 - t, the term both rank tests subtract from their variance. */
export function tieTerm(values: readonly number[]): number {
  return tieSizes(values).reduce((sum, t) => sum + t ** 3 - t, 0);
}
