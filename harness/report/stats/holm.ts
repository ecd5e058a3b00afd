/**
 * Holm-Bonferroni adjusted p-values (Holm 1979, "A simple sequentially rejective multiple test
 * procedure", Scandinavian Journal of Statistics 6: 65-70) over one declared family of tests:
 * sort ascending, multiply the i-th smallest (i from 1) by k - i + 1, carry the running maximum
 * so the adjusted values keep the order of the raw ones (step-down), cap at 1; return them in
 * the input order. Rejecting where adjusted p < alpha controls the family-wise error rate at
 * alpha under any dependence between the tests. Same as R's p.adjust(p, "holm") and statsmodels'
 * multipletests(p, method="holm")[1].
 */
export function holm(ps: readonly number[]): number[] {
  for (const p of ps) if (!(p >= 0 && p <= 1)) throw new RangeError(`a p-value must lie in [0, 1]: ${p}`);
  const k = ps.length;
  // Stable sort: tied p's keep their input order, and get the same adjusted value anyway.
  const order = ps.map((_, i) => i).sort((a, b) => ps[a] - ps[b]);
  const adjusted = new Array<number>(k);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (k - rank) * ps[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
