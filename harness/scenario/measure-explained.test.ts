import { describe, expect, it } from "vitest";
import { rng } from "../../systems/kit/random.ts";
import { explainedByLabels, type Labelled, tvdNoise, upperGamma } from "./measure-explained.ts";

/** n records: a share `shareA` of group A with values around 0, the rest group B around 10, plus `shift`. */
function records(n: number, shareA: number, seed: string, shift = 0): Labelled[] {
  const random = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const a = i < n * shareA;
    return { group: a ? "A" : "B", value: (a ? 0 : 10) + random() + shift };
  });
}

describe("telling a prior shift from a covariate one", () => {
  it("computes the chi-square survival through the upper regularized gamma", () => {
    // Chi-square 0.05 critical values: 3.841 (1 df), 7.815 (3 df), 18.307 (10 df).
    expect(upperGamma(0.5, 3.841 / 2)).toBeCloseTo(0.05, 3);
    expect(upperGamma(1.5, 7.815 / 2)).toBeCloseTo(0.05, 3);
    expect(upperGamma(5, 18.307 / 2)).toBeCloseTo(0.05, 3);
    expect(upperGamma(2, 0)).toBe(1);
  });

  it("finds a feature's move explained when only the label mix changed", () => {
    const before = records(300, 0.5, "b");
    const after = records(300, 0.2, "a");
    const e = explainedByLabels(before, after);
    expect(e?.explained).toBe(true);
    expect(e?.residual).toBeLessThan(0.1);
  });

  it("finds a feature's move unexplained when the values moved within each label", () => {
    const e = explainedByLabels(records(300, 0.5, "b"), records(300, 0.2, "a", 0.5));
    expect(e?.explained).toBe(false);
    expect(e?.p).toBeLessThan(0.05);
  });

  it("reweights categories too: a category tied to a label follows its label's share", () => {
    const cat = (n: number, shareA: number): Labelled[] =>
      Array.from({ length: n }, (_, i) =>
        i < n * shareA ? { group: "A", value: "x" } : { group: "B", value: "y" },
      );
    expect(explainedByLabels(cat(300, 0.5), cat(300, 0.8))?.explained).toBe(true);
    const swapped = cat(300, 0.8).map((r) => ({ ...r, value: r.value === "x" ? "y" : "x" }));
    expect(explainedByLabels(cat(300, 0.5), swapped)?.explained).toBe(false);
  });

  it("cannot explain a move by labels the steady records never had", () => {
    const after = records(300, 0.5, "a").map((r) => ({ ...r, group: "C" }));
    expect(explainedByLabels(records(300, 0.5, "b"), after)).toEqual({
      residual: Number.POSITIVE_INFINITY,
      p: 0,
      explained: false,
    });
    expect(explainedByLabels([], after)).toBeNull();
  });

  it("measures the sampling noise of a TVD, larger with more classes, seeded", () => {
    const labels = (k: number, n: number, seed: string) => {
      const random = rng(seed);
      return Array.from({ length: n }, () => `c${Math.floor(random() * k)}`);
    };
    const two = tvdNoise(labels(2, 300, "1"), labels(2, 300, "2"), "s");
    const many = tvdNoise(labels(31, 300, "1"), labels(31, 300, "2"), "s");
    expect(two).toBeLessThan(0.1);
    expect(many).toBeGreaterThan(0.12);
    expect(tvdNoise(labels(2, 300, "1"), labels(2, 300, "2"), "s")).toBe(two);
    expect(tvdNoise([], ["a"], "s")).toBe(0);
  });
});
