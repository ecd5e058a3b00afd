import { z } from "zod";
import { readNumber, type TransformPlugin } from "./plugin.ts";

export interface StandardizeState {
  field: string;
  kind: "standardize";
  mean: number;
  /** Population standard deviation; 1 when the training column was constant or empty. */
  std: number;
}

/** (x - mean) / std. Missing becomes 0, i.e. imputed with the training mean: the contract decides what may be missing. */
export const standardize: TransformPlugin<StandardizeState> = {
  kind: "standardize",
  state: z.object({
    field: z.string(),
    kind: z.literal("standardize"),
    mean: z.number(),
    std: z.number().positive(),
  }),
  fit(field, values) {
    const xs = values.map(readNumber).filter((x): x is number => x !== null && Number.isFinite(x));
    if (xs.length === 0) return { field, kind: "standardize", mean: 0, std: 1 };
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    const std = Math.sqrt(variance);
    return { field, kind: "standardize", mean, std: std > 0 ? std : 1 };
  },
  names: (t) => [t.field],
  apply(t, value) {
    const x = readNumber(value);
    return [x === null ? 0 : (x - t.mean) / t.std];
  },
};
