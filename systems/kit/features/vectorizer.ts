/**
 * Feature pipelines: fitted on training rows, stored as plain JSON with the model, applied the same
 * way at serving time. transform() never throws: missing values are imputed (the contract decides
 * what may be missing), unseen categories are zeros, unseen tokens get the out-of-vocabulary id, and
 * only a non-null, non-numeric value given to standardize/identity becomes NaN, left for the
 * engine's output guard and the monitors to see.
 */
import { z } from "zod";
import { VectorizerError } from "./errors.ts";
import { type FittedTransform, transformKinds, transformPlugin } from "./transforms/index.ts";

export { digestRows } from "./digest.ts";
export type { FittedTransform } from "./transforms/index.ts";

export type TransformSpec =
  | { field: string; kind: "standardize" }
  | { field: string; kind: "onehot" }
  | { field: string; kind: "month-cyclic" }
  | { field: string; kind: "identity" }
  /** A text as maxLen token ids then its out-of-vocabulary share (transforms/tokens.ts). */
  | { field: string; kind: "tokens"; maxLen: number; maxVocab: number; minCount?: number };

export interface VectorizerState {
  transforms: FittedTransform[];
}

const stateShape = z.object({
  transforms: z.array(z.object({ field: z.string(), kind: z.string() }).loose()),
});

export class Vectorizer {
  readonly #transforms: readonly FittedTransform[];
  readonly #names: readonly string[];

  private constructor(transforms: FittedTransform[]) {
    this.#transforms = transforms;
    const names = transforms.flatMap((t) => transformPlugin(t.kind).names(t));
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined)
      throw new VectorizerError(`feature name '${dup}' appears twice; each field+kind once`);
    this.#names = names;
  }

  static fit(specs: TransformSpec[], rows: Record<string, unknown>[]): Vectorizer {
    if (specs.length === 0) throw new VectorizerError("a vectorizer needs at least one transform");
    const fitted = specs.map((s) => {
      const plugin = transformPlugin(s.kind);
      return plugin.fit(
        s.field,
        rows.map((r) => r[s.field]),
        s,
      );
    });
    return new Vectorizer(fitted);
  }

  /** Rebuilds from stored JSON, checking every transform against its kind's shape. */
  static fromJSON(state: VectorizerState): Vectorizer {
    const parsed = stateShape.safeParse(state);
    if (!parsed.success) throw new VectorizerError(`not a vectorizer state: ${parsed.error.message}`);
    const transforms = parsed.data.transforms.map((t, i) => {
      const r = transformPlugin(t.kind).state.safeParse(t);
      if (!r.success) {
        throw new VectorizerError(
          `transform ${i} ('${t.field}', ${t.kind}) is not valid: ${r.error.message}`,
        );
      }
      return r.data;
    });
    if (transforms.length === 0) throw new VectorizerError("a vectorizer needs at least one transform");
    return new Vectorizer(transforms);
  }

  toJSON(): VectorizerState {
    return { transforms: structuredClone([...this.#transforms]) };
  }

  featureNames(): string[] {
    return [...this.#names];
  }

  transform(row: Record<string, unknown>): number[] {
    const r: Record<string, unknown> = row !== null && typeof row === "object" ? row : {};
    return this.#transforms.flatMap((t) => transformPlugin(t.kind).apply(t, r[t.field]));
  }

  transformMany(rows: Record<string, unknown>[]): number[][] {
    return rows.map((r) => this.transform(r));
  }
}

/** The known transform kinds, for specs read from config. */
export function vectorizerKinds(): string[] {
  return transformKinds();
}

/**
 * One-hot training targets. A label outside `classes` gives an all-zero row: under categorical
 * cross-entropy it adds no loss, so a novel group in collected data is kept but teaches nothing,
 * instead of failing a retrain. Callers wanting strictness check labels first.
 */
export function oneHotLabels(labels: string[], classes: readonly string[]): number[][] {
  const index = new Map(classes.map((c, i) => [c, i]));
  if (index.size !== classes.length) throw new VectorizerError(`classes repeat: ${classes.join(", ")}`);
  return labels.map((l) => {
    const row = new Array<number>(classes.length).fill(0);
    const i = index.get(l);
    if (i !== undefined) row[i] = 1;
    return row;
  });
}
