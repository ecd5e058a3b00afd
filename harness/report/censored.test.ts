import { describe, expect, it } from "vitest";
import {
  censoredA12,
  censoredMannWhitney,
  censoredWilcoxon,
  differenceInterval,
  extendedPairedInterval,
  extendedUnpairedInterval,
  medianInterval,
  pairedDifferences,
  rankEquivalent,
} from "./censored.ts";
import { extendedMedian } from "./extended.ts";
import {
  bootstrapMedianDifference,
  bootstrapPairedMedianDifference,
  mannWhitneyU,
  wilcoxonSignedRank,
} from "./stats/index.ts";

const a = [12, 15, 9, 30, 22, 17, 8, 25, 14];
const b = [10, 18, 7, 21, 20, 11, 9, 16, 13];

describe("the extended bootstrap", () => {
  it("gives exactly the stats module's paired interval on finite data", () => {
    const d = a.map((x, i) => x - b[i]);
    const ours = extendedPairedInterval(d, extendedMedian, { seed: 4 });
    const theirs = bootstrapPairedMedianDifference(a, b, { seed: 4 });
    expect(ours).toEqual({ ...theirs, undetermined: 0 });
  });
  it("gives exactly the stats module's unpaired interval on finite data", () => {
    const ours = extendedUnpairedInterval(a, b.slice(0, 6), extendedMedian, { seed: "k", resamples: 500 });
    expect(ours).toEqual({
      ...bootstrapMedianDifference(a, b.slice(0, 6), { seed: "k", resamples: 500 }),
      undetermined: 0,
    });
  });
});

describe("pairedMedianInterval with never-reached values", () => {
  it("puts the upper end at not reached when the candidate often never reached", () => {
    const cand = [5, Infinity, Infinity, 6, Infinity];
    const base = [4, 4, 5, 5, 6];
    const ci = differenceInterval("paired", cand, base, "median", { seed: 1 });
    expect(ci.estimate).toBe(Infinity);
    expect(ci.high).toBe(Infinity);
    expect(ci.undetermined).toBe(0);
    expect(Number.isNaN(ci.low)).toBe(false);
  });
  it("leaves out a pair where neither was reached: it carries no difference, not a tie of 0", () => {
    expect(pairedDifferences([Infinity, 3, Infinity], [Infinity, 1, 5])).toEqual([2, Infinity]);
  });
  it("says the interval is not determined when resamples hold only opposite infinities", () => {
    const ci = differenceInterval("paired", [Infinity, 1], [1, Infinity], "median", { seed: 2 });
    expect(ci.estimate).toBeNull();
    expect(ci.undetermined).toBeGreaterThan(0);
    expect(ci.low).toBeNull();
    expect(ci.high).toBeNull();
  });
});

describe("medianInterval", () => {
  it("covers the sample median and reports not reached when most values never happened", () => {
    const ci = medianInterval([10, 12, 11, 13, 9, 14, 10], { seed: 3 });
    expect(ci.estimate).toBe(11);
    expect(ci.low).toBeLessThanOrEqual(11);
    expect(ci.high).toBeGreaterThanOrEqual(11);
    const censored = medianInterval([10, Infinity, Infinity, Infinity, 9], { seed: 3 });
    expect(censored.estimate).toBe(Infinity);
    expect(censored.high).toBe(Infinity);
  });
  it("is not determined for an unpaired difference of two not-reached medians", () => {
    const ci = differenceInterval("unpaired", [Infinity, Infinity, 1], [Infinity, Infinity, 2], "median", {
      seed: 5,
      resamples: 200,
    });
    expect(ci.estimate).toBeNull();
    expect(ci.low).toBeNull();
  });
});

describe("rank tests on censored data", () => {
  it("rank never-reached values as one tie group beyond every observed value", () => {
    expect(rankEquivalent([3, Infinity, -7, -Infinity])).toEqual([3, 8, -7, -8]);
    expect(rankEquivalent([Infinity], [40])).toEqual([41]);
  });
  it("give the Wilcoxon result of the rank-equivalent data", () => {
    const d = [4, -1, Infinity, 6, 2, Infinity, 3];
    expect(censoredWilcoxon(d)).toEqual(wilcoxonSignedRank([4, -1, 7, 6, 2, 7, 3]));
    expect(censoredWilcoxon(d).w).toBeGreaterThan(20);
  });
  it("give the Mann-Whitney result with never-reached values above all others", () => {
    const x = [5, Infinity, 7];
    const y = [1, 2, 30];
    expect(censoredMannWhitney(x, y)).toEqual(mannWhitneyU([5, 31, 7], [1, 2, 30]));
    expect(censoredA12(x, y)?.a12).toBe(censoredMannWhitney(x, y).u / 9);
  });
});

describe("rate intervals", () => {
  it("bootstrap the difference in rates of 0/1 values, paired and unpaired", () => {
    const cand = [1, 1, 1, 1, 0, 1, 1, 1, 1, 1];
    const base = [0, 1, 0, 0, 0, 1, 0, 0, 1, 0];
    const paired = differenceInterval("paired", cand, base, "rate", { seed: 6 });
    expect(paired.estimate).toBeCloseTo(0.6, 12);
    expect(paired.low).toBeGreaterThan(0);
    expect(paired.high).toBeLessThanOrEqual(1);
    const unpaired = differenceInterval("unpaired", cand, base, "rate", { seed: 6 });
    expect(unpaired.estimate).toBeCloseTo(0.6, 12);
    expect(unpaired.low).toBeGreaterThan(0);
  });
});
