import { z } from "zod";
import type { TransformPlugin } from "./plugin.ts";

export interface OneHotState {
  field: string;
  kind: "onehot";
  /** Categories seen in training, sorted by code unit (not locale) so every machine agrees. */
  categories: string[];
}

/** Numbers and booleans count as their string, so an integer-coded column works too. */
function label(x: unknown): string | null {
  if (typeof x === "string") return x;
  if (typeof x === "number" || typeof x === "boolean") return String(x);
  return null;
}

/** One column per training category; an unseen or missing category is all zeros. */
export const onehot: TransformPlugin<OneHotState> = {
  kind: "onehot",
  state: z.object({ field: z.string(), kind: z.literal("onehot"), categories: z.array(z.string()) }),
  fit(field, values) {
    const seen = new Set<string>();
    for (const v of values) {
      const l = label(v);
      if (l !== null) seen.add(l);
    }
    return { field, kind: "onehot", categories: [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  },
  names: (t) => t.categories.map((c) => `${t.field}=${c}`),
  apply(t, value) {
    const l = label(value);
    return t.categories.map((c) => (c === l ? 1 : 0));
  },
};
