import { describe, expect, it } from "vitest";
import * as stats from "./index.ts";

describe("the stats index", () => {
  it("exports every statistic the report uses", () => {
    expect(Object.keys(stats).sort()).toEqual([
      "DEFAULT_RESAMPLES",
      "a12",
      "a12Magnitude",
      "bootstrapMedianDifference",
      "bootstrapPairedMedianDifference",
      "canReach",
      "clusterBootstrapMedianCI",
      "holm",
      "mannWhitneyU",
      "minAttainableP",
      "tostWilcoxon",
      "verdict",
      "wilcoxonPaired",
      "wilcoxonSignedRank",
    ]);
  });

  it("answers one paired comparison end to end on scipy's Wilcoxon example", () => {
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const zeros = d.map(() => 0);
    expect(stats.wilcoxonPaired(d, zeros).p).toBe(0.041259765625);
    expect(stats.bootstrapPairedMedianDifference(d, zeros, { seed: 1 }).estimate).toBe(24); // 8th of 15 sorted: 24
  });
});
