import { categoricalPlugin } from "./categorical.ts";
import type { DetectorPlugin } from "./types.ts";

/** Proportions below this are raised to it, so an empty bucket on either side stays finite (Evidently's fill value). */
export const PSI_EPSILON = 1e-4;

/** Population stability index: sum over categories of (actual - expected) * ln(actual / expected). */
export function populationStability(
  observed: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number>,
  epsilon = PSI_EPSILON,
): number {
  let n = 0;
  for (const c of observed.values()) n += c;
  if (n === 0) return 0;
  let total = 0;
  for (const c of reference.values()) total += c;
  let unseen = 0;
  for (const [key, count] of observed) if (!reference.has(key)) unseen += count;
  const term = (actual: number, expected: number): number => {
    const a = Math.max(actual, epsilon);
    const e = Math.max(expected, epsilon);
    return (a - e) * Math.log(a / e);
  };
  let psi = term(unseen / n, 0);
  for (const [key, refCount] of reference) psi += term((observed.get(key) ?? 0) / n, refCount / total);
  return psi;
}

export const psi: DetectorPlugin = categoricalPlugin("psi", (observed, reference) =>
  populationStability(observed, reference),
);
