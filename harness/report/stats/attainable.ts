/**
 * The smallest p a rank test can give at a sample size, whatever the data. When it is not below
 * alpha the test cannot reject, so "no significant difference" says only that there were too few
 * pairs. Exact two-sided tests, as wilcoxonSignedRank (n <= 50) and mannWhitneyU (both samples
 * <= 49, no ties) compute them.
 *
 * Wilcoxon signed-rank, n non-zero pairs: all n signs positive is the one sign set with the
 * largest W+ (ties or not: every rank is > 0), probability 1 / 2^n; doubled, 2 / 2^n.
 * Mann-Whitney, sizes m and n: the first sample holding the m largest values is the one rank set
 * with the largest U, probability 1 / C(m + n, m); doubled, 2 / C(m + n, m).
 * One-sided (sides = 1): not doubled. Never above 1, and 1 when a sample is empty.
 */
export type RankTest = "wilcoxon" | "mann-whitney";

export function minAttainableP(test: "wilcoxon", n: number, sides?: 1 | 2): number;
export function minAttainableP(test: "mann-whitney", m: number, n: number, sides?: 1 | 2): number;
export function minAttainableP(test: RankTest, a: number, b?: number, c?: number): number {
  const { sets, sides } = outcomes(test, [a, b, c]);
  return Math.min(1, sides / sets);
}

/** Whether the test can give p < alpha at these sizes (a report row marks it when it cannot). */
export function canReach(alpha: number, test: "wilcoxon", n: number, sides?: 1 | 2): boolean;
export function canReach(alpha: number, test: "mann-whitney", m: number, n: number, sides?: 1 | 2): boolean;
export function canReach(alpha: number, test: RankTest, a: number, b?: number, c?: number): boolean {
  const { sets, sides } = outcomes(test, [a, b, c]);
  return Math.min(1, sides / sets) < alpha;
}

/** Number of equally likely sign or rank sets under the null, and the sides (1 or 2). */
function outcomes(test: RankTest, args: (number | undefined)[]): { sets: number; sides: number } {
  const sizes = (test === "wilcoxon" ? args.slice(0, 1) : args.slice(0, 2)).map(Number);
  const sides = args[sizes.length] ?? 2;
  if (sides !== 1 && sides !== 2) throw new RangeError(`sides must be 1 or 2: ${sides}`);
  for (const size of sizes)
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`sample size must be a whole number: ${size}`);
  if (test === "wilcoxon") return { sets: 2 ** sizes[0], sides };
  const [m, n] = sizes;
  if (m === 0 || n === 0) return { sets: 1, sides };
  return { sets: binomial(m + n, Math.min(m, n)), sides };
}

/** C(n, k) as a product of ratios; exact while it stays below 2^53, Infinity past the double range. */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}
