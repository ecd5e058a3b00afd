import { z } from "zod";
import { VectorizerError } from "../errors.ts";
import type { TransformPlugin } from "./plugin.ts";

/** Id of padding (a text shorter than maxLen) and of a token outside the vocabulary. */
export const PAD_ID = 0;
export const OOV_ID = 1;
/** The first vocabulary token's id: vocab[i] has id i + FIRST_ID. */
export const FIRST_ID = 2;

export interface TokensState {
  field: string;
  kind: "tokens";
  maxLen: number;
  maxVocab: number;
  /** Tokens in id order: most frequent in training first, ties in code-unit order. */
  vocab: string[];
}

// Marks are kept with letters: in scripts like Devanagari a vowel sign is part of the word
// (NFKC composes Latin accents into letters anyway, so English is unaffected).
const SEPARATOR = /[^\p{L}\p{M}\p{N}]+/u;

/** NFKC, lower case, split on anything not a letter, mark or digit; empty pieces dropped. */
export function tokenize(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(SEPARATOR)
    .filter((t) => t !== "");
}

const paramsShape = z.object({
  maxLen: z.int().min(1).max(10_000),
  maxVocab: z.int().min(1).max(10_000_000),
  /**
   * Tokens seen fewer times in training stay out of the vocabulary. With 2, training text has
   * out-of-vocabulary words as unseen text does, so the oov column's training reference (and the
   * drift threshold calibrated on it) is not all zeros that any unseen word would alarm.
   */
  minCount: z.int().min(1).default(1),
});

const stateShape = z
  .object({
    field: z.string(),
    kind: z.literal("tokens"),
    maxLen: paramsShape.shape.maxLen,
    maxVocab: paramsShape.shape.maxVocab,
    vocab: z.array(z.string().min(1)),
  })
  .refine((t) => t.vocab.length <= t.maxVocab, { message: "vocab is longer than maxVocab" })
  .refine((t) => new Set(t.vocab).size === t.vocab.length, { message: "vocab tokens repeat" });

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// A Map, not an object, so a token like "constructor" is not found on Object.prototype. Cached per
// state object: the vectorizer keeps its states and passes the same object for every row.
const lookups = new WeakMap<TokensState, Map<string, number>>();
function idsOf(t: TokensState): Map<string, number> {
  let ids = lookups.get(t);
  if (!ids) {
    ids = new Map(t.vocab.map((tok, i) => [tok, i + FIRST_ID]));
    lookups.set(t, ids);
  }
  return ids;
}

/**
 * A text as maxLen token ids (truncated, padded with PAD_ID) followed by one last column, the
 * share of the text's tokens (all of them, not only the first maxLen) that are out of vocabulary:
 * a drift signal for monitors. A model reads only the first maxLen columns (engine kind `embed`).
 * A missing or non-string value is all zeros: the contract decides what may be missing.
 */
export const tokens: TransformPlugin<TokensState> = {
  kind: "tokens",
  state: stateShape,
  fit(field, values, spec) {
    const p = paramsShape.safeParse(spec);
    if (!p.success) {
      const issues = p.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new VectorizerError(`tokens transform of '${field}': ${issues}`);
    }
    const counts = new Map<string, number>();
    for (const v of values) {
      if (typeof v !== "string") continue;
      for (const tok of tokenize(v)) counts.set(tok, (counts.get(tok) ?? 0) + 1);
    }
    const vocab = [...counts]
      .filter(([, n]) => n >= p.data.minCount)
      .sort((a, b) => b[1] - a[1] || byCode(a[0], b[0]))
      .slice(0, p.data.maxVocab)
      .map(([tok]) => tok);
    return { field, kind: "tokens", maxLen: p.data.maxLen, maxVocab: p.data.maxVocab, vocab };
  },
  names: (t) => [...Array.from({ length: t.maxLen }, (_, i) => `${t.field}:t${i}`), `${t.field}:oov`],
  apply(t, value) {
    // PAD_ID is 0, so this is also the all-zero answer for a missing value.
    const out = new Array<number>(t.maxLen + 1).fill(0);
    if (typeof value !== "string") return out;
    const ids = idsOf(t);
    const toks = tokenize(value);
    let unknown = 0;
    toks.forEach((tok, i) => {
      const id = ids.get(tok) ?? OOV_ID;
      if (id === OOV_ID) unknown++;
      if (i < t.maxLen) out[i] = id;
    });
    out[t.maxLen] = toks.length === 0 ? 0 : unknown / toks.length;
    return out;
  },
};
