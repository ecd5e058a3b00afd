import { describe, expect, it } from "vitest";
import { adjustedRandIndex, majorityMapping, purity } from "./quality.ts";

const s = (xs: number[]) => xs.map(String);

describe("adjusted Rand index", () => {
  // The worked examples in sklearn's adjusted_rand_score documentation.
  it("is 1 for the same partition, whatever the cluster names", () => {
    expect(adjustedRandIndex(s([0, 0, 1, 1]), s([0, 0, 1, 1]))).toBe(1);
    expect(adjustedRandIndex(s([0, 0, 1, 1]), s([1, 1, 0, 0]))).toBe(1);
  });

  it("is 4/7 (sklearn: 0.57...) for a complete but impure labeling, in either order", () => {
    expect(adjustedRandIndex(s([0, 0, 1, 2]), s([0, 0, 1, 1]))).toBeCloseTo(4 / 7, 12);
    expect(adjustedRandIndex(s([0, 0, 1, 1]), s([0, 0, 1, 2]))).toBeCloseTo(4 / 7, 12);
  });

  it("is 0 when every class is split across clusters, and -0.5 for especially discordant labelings", () => {
    expect(adjustedRandIndex(s([0, 0, 0, 0]), s([0, 1, 2, 3]))).toBe(0);
    expect(adjustedRandIndex(s([0, 0, 1, 1]), s([0, 1, 0, 1]))).toBeCloseTo(-0.5, 12);
  });

  it("refuses labelings of different lengths", () => {
    expect(() => adjustedRandIndex(["a"], ["a", "b"])).toThrow(/differ in length: 1 and 2/);
  });
});

describe("purity", () => {
  it("counts each cluster as its majority species", () => {
    const clusters = ["c1", "c1", "c1", "c2", "c2"];
    const species = ["Adelie", "Adelie", "Chinstrap", "Chinstrap", "Chinstrap"];
    expect(majorityMapping(clusters, species)).toEqual({ c1: "Adelie", c2: "Chinstrap" });
    expect(purity(clusters, species)).toBeCloseTo(4 / 5, 12);
  });

  it("breaks ties by species name, so the mapping is deterministic", () => {
    expect(majorityMapping(["c1", "c1"], ["Chinstrap", "Adelie"])).toEqual({ c1: "Adelie" });
  });

  it("is 0 for no rows", () => {
    expect(purity([], [])).toBe(0);
  });
});
