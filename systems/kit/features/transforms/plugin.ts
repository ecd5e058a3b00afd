import type { z } from "zod";

/**
 * One kind of feature transform: fitted on a training column, stored as plain JSON with a model,
 * applied to one value at serving time. apply() never throws: odd input becomes a number (see each kind).
 */
export interface TransformPlugin<F extends { field: string; kind: string }> {
  readonly kind: F["kind"];
  /** Checks a stored fitted state read back from JSON. */
  readonly state: z.ZodType<F>;
  /**
   * `spec` is the whole spec entry (field, kind and the kind's own parameters, e.g. tokens'
   * maxLen): a kind with parameters checks them itself, since specs may come from config.
   */
  fit(field: string, values: unknown[], spec: Readonly<Record<string, unknown>>): F;
  /** Output feature names, one per number apply() returns. */
  names(t: F): string[];
  apply(t: F, value: unknown): number[];
}

/**
 * Numeric reading shared by standardize and identity: numbers and numeric strings count (training
 * rows may come from text sources; the contract is what rejects a string at the boundary), booleans
 * are 1/0 as Number() does; null/undefined are "missing" (null); anything else, and non-finite
 * numbers, are NaN so the engine's output guard and the monitors can see them.
 */
export function readNumber(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  if (typeof x === "number") return Number.isFinite(x) ? x : Number.NaN;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "string" && x.trim() !== "") {
    const n = Number(x);
    return Number.isFinite(n) ? n : Number.NaN;
  }
  return Number.NaN;
}
