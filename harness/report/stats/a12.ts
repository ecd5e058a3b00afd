/**
 * Vargha-Delaney A12 effect size: the probability that a value drawn from the first sample is
 * larger than one drawn from the second, ties counting half. 0.5 is no effect; it equals
 * Mann-Whitney U / (m n). Vargha, A. & Delaney, H. D. (2000), "A critique and improvement of the
 * CL common language effect size statistics of McGraw and Wong", Journal of Educational and
 * Behavioral Statistics 25(2): 101-132.
 */
export type A12Magnitude = "negligible" | "small" | "medium" | "large";

export interface A12Result {
  a12: number;
  magnitude: A12Magnitude;
}

/** Returns null when a sample is empty: there is no pair to compare. */
export function a12(x: readonly number[], y: readonly number[]): A12Result | null {
  if (x.length === 0 || y.length === 0) return null;
  let wins = 0;
  for (const a of x) {
    for (const b of y) wins += a > b ? 1 : a === b ? 0.5 : 0;
  }
  const value = wins / (x.length * y.length);
  return { a12: value, magnitude: a12Magnitude(value) };
}

/**
 * Vargha & Delaney's (2000) thresholds, 0.56, 0.64 and 0.71 (their counterparts of Cohen's d =
 * 0.2, 0.5, 0.8), applied symmetrically: A12 = 0.3 is as large an effect as 0.7, the other way.
 */
export function a12Magnitude(value: number): A12Magnitude {
  const distance = Math.max(value, 1 - value);
  if (distance < 0.56) return "negligible";
  if (distance < 0.64) return "small";
  if (distance < 0.71) return "medium";
  return "large";
}
