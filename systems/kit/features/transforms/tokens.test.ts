import { describe, expect, it } from "vitest";
import { VectorizerError } from "../errors.ts";
import { type TransformSpec, Vectorizer, type VectorizerState } from "../vectorizer.ts";
import { tokenize, tokens } from "./tokens.ts";

const spec: TransformSpec = { field: "text", kind: "tokens", maxLen: 4, maxVocab: 3 };

// Counts: a 3, book 3, flight 2, table 2, me 1, no 1, please 1. With maxVocab 3 the vocabulary is
// a, book (tied, alphabetical), then flight, which wins its tie with table.
const rows = [
  { text: "Book a flight" },
  { text: "book a table, please" },
  { text: "BOOK me a... no: flight, table" },
];
const fitted = Vectorizer.fit([spec], rows);

describe("tokenize", () => {
  it("normalises with NFKC, lower-cases and splits on anything not a letter or digit", () => {
    // Full-width letters, the "fi" ligature and a decomposed é all become their plain forms.
    expect(tokenize("Ｈｅｌｌｏ, WORLD! ﬁne cafe\u0301")).toEqual(["hello", "world", "fine", "café"]);
    expect(tokenize("I owe $1,000.50 -- what's up?")).toEqual([
      "i",
      "owe",
      "1",
      "000",
      "50",
      "what",
      "s",
      "up",
    ]);
    expect(tokenize("Grüße aus Köln")).toEqual(["grüße", "aus", "köln"]);
  });

  it("keeps combining marks inside words of scripts that need them", () => {
    // Devanagari "hindi": the vowel signs are marks (\p{M}), not separators.
    expect(tokenize("हिन्दी भाषा")).toEqual(["हिन्दी", "भाषा"]);
  });

  it("drops empty pieces, so blank and punctuation-only texts have no tokens", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("  ?!  ... ")).toEqual([]);
  });
});

describe("tokens transform", () => {
  it("keeps the most frequent tokens, ties in alphabetical order, up to maxVocab", () => {
    expect(fitted.toJSON().transforms[0]).toEqual({
      field: "text",
      kind: "tokens",
      maxLen: 4,
      maxVocab: 3,
      vocab: ["a", "book", "flight"],
    });
  });

  it("builds the same vocabulary whatever the order of the training rows", () => {
    const reversed = Vectorizer.fit([spec], [...rows].reverse());
    expect(reversed.toJSON()).toEqual(fitted.toJSON());
  });

  it("names maxLen id columns and then the out-of-vocabulary share", () => {
    expect(fitted.featureNames()).toEqual(["text:t0", "text:t1", "text:t2", "text:t3", "text:oov"]);
  });

  it("maps tokens to ids from 2, unknown tokens to 1, and pads with 0", () => {
    // a=2, book=3, flight=4; "table" was cut by maxVocab, "train" never seen.
    expect(fitted.transform({ text: "Book a train" })).toEqual([3, 2, 1, 0, 1 / 3]);
    expect(fitted.transform({ text: "flight" })).toEqual([4, 0, 0, 0, 0]);
  });

  it("truncates to maxLen but counts every token in the out-of-vocabulary share", () => {
    expect(fitted.transform({ text: "a a a a zzz yyy" })).toEqual([2, 2, 2, 2, 2 / 6]);
  });

  it("gives all zeros for a missing, non-string or token-less value, without throwing", () => {
    const zeros = [0, 0, 0, 0, 0];
    for (const text of [null, undefined, 42, ["book"], { a: 1 }, "", "?!"]) {
      expect(fitted.transform({ text })).toEqual(zeros);
    }
    expect(fitted.transform({})).toEqual(zeros);
  });

  it("treats tokens that are Object.prototype keys as ordinary words", () => {
    expect(fitted.transform({ text: "constructor toString __proto__" })).toEqual([1, 1, 1, 0, 1]);
    const v = Vectorizer.fit([{ ...spec, maxVocab: 10 }], [{ text: "constructor book" }]);
    expect(v.transform({ text: "constructor hasOwnProperty" })).toEqual([3, 1, 0, 0, 0.5]);
  });

  it("skips non-string training values and fits an empty vocabulary from no text", () => {
    const v = Vectorizer.fit([spec], [{ text: null }, { text: 7 }, {}]);
    expect(v.toJSON().transforms[0]).toMatchObject({ vocab: [] });
    expect(v.transform({ text: "anything at all" })).toEqual([1, 1, 1, 0, 1]);
  });

  it("puts its columns where the spec list puts it, the share last among them", () => {
    const v = Vectorizer.fit(
      [
        { field: "text", kind: "tokens", maxLen: 2, maxVocab: 5 },
        { field: "n", kind: "identity" },
      ],
      [{ text: "hi there", n: 1 }],
    );
    expect(v.featureNames()).toEqual(["text:t0", "text:t1", "text:oov", "n"]);
    expect(v.transform({ text: "hi you", n: 5 })).toEqual([2, 1, 0.5, 5]);
  });

  it("rejects a missing or bad maxLen or maxVocab, naming the field and parameter", () => {
    const bad = (extra: Record<string, unknown>) =>
      [{ field: "text", kind: "tokens", ...extra }] as unknown as TransformSpec[];
    expect(() => Vectorizer.fit(bad({ maxVocab: 10 }), rows)).toThrow(VectorizerError);
    expect(() => Vectorizer.fit(bad({ maxVocab: 10 }), rows)).toThrow(/'text'.*maxLen/);
    expect(() => Vectorizer.fit(bad({ maxLen: 0, maxVocab: 10 }), rows)).toThrow(/maxLen/);
    expect(() => Vectorizer.fit(bad({ maxLen: 4, maxVocab: 2.5 }), rows)).toThrow(/maxVocab/);
  });
});

describe("tokens transform state", () => {
  it("round-trips through JSON text and transforms identically", () => {
    const back = Vectorizer.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())) as VectorizerState);
    expect(back.toJSON()).toEqual(fitted.toJSON());
    expect(back.featureNames()).toEqual(fitted.featureNames());
    const probe = [...rows, { text: "Ｂｏｏｋ A FLIGHT to Köln" }, { text: null }];
    expect(back.transformMany(probe)).toEqual(fitted.transformMany(probe));
  });

  it("rejects a stored state with repeated tokens, too many tokens or no maxLen", () => {
    const state = (t: Record<string, unknown>) =>
      ({ transforms: [{ field: "text", kind: "tokens", maxLen: 4, maxVocab: 3, ...t }] }) as VectorizerState;
    expect(() => Vectorizer.fromJSON(state({ vocab: ["a", "a"] }))).toThrow(/repeat/);
    expect(() => Vectorizer.fromJSON(state({ vocab: ["a", "b", "c", "d"] }))).toThrow(/longer than maxVocab/);
    expect(() => Vectorizer.fromJSON(state({ vocab: ["a", ""] }))).toThrow(VectorizerError);
    expect(() => Vectorizer.fromJSON(state({ vocab: ["a"], maxLen: undefined }))).toThrow(/maxLen/);
  });

  it("does not let a caller change the fitted vocabulary through toJSON", () => {
    const state = fitted.toJSON();
    (state.transforms[0] as { vocab: string[] }).vocab[0] = "zzz";
    expect(fitted.transform({ text: "a" })).toEqual([2, 0, 0, 0, 0]);
  });
});

describe("the tokens transform's minCount", () => {
  it("keeps tokens seen fewer times out of the vocabulary, so training text has unknown words too", () => {
    const texts = ["open my account", "close my account", "freeze it"];
    const all = tokens.fit("text", texts, { maxLen: 4, maxVocab: 100 });
    const twice = tokens.fit("text", texts, { maxLen: 4, maxVocab: 100, minCount: 2 });
    expect(all.vocab).toHaveLength(6);
    expect(twice.vocab).toEqual(["account", "my"]);
    expect(tokens.apply(twice, "open my account").at(-1)).toBeCloseTo(1 / 3, 9);
  });
});
