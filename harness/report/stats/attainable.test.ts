import { describe, expect, it } from "vitest";
import { canReach, minAttainableP } from "./attainable.ts";
import { mannWhitneyU } from "./mann-whitney.ts";
import { wilcoxonSignedRank } from "./wilcoxon.ts";

describe("minAttainableP", () => {
  it("is 2 / 2^n for the signed-rank test (hand: n = 5 -> 2/32 = 0.0625, n = 6 -> 0.03125)", () => {
    expect(minAttainableP("wilcoxon", 5)).toBe(0.0625);
    expect(minAttainableP("wilcoxon", 6)).toBe(0.03125);
    expect(minAttainableP("wilcoxon", 10)).toBe(2 / 1024);
    expect(minAttainableP("wilcoxon", 5, 1)).toBe(1 / 32);
  });

  it("is 1 with no pairs or one pair (2 / 2 caps at 1)", () => {
    expect(minAttainableP("wilcoxon", 0)).toBe(1);
    expect(minAttainableP("wilcoxon", 1)).toBe(1);
    expect(minAttainableP("wilcoxon", 1, 1)).toBe(0.5);
  });

  it("is what the signed-rank test gives when every difference points one way, tied or not", () => {
    for (const n of [2, 5, 6, 12]) {
      const untied = Array.from({ length: n }, (_, i) => i + 1);
      const tied = Array.from({ length: n }, () => 4);
      expect(wilcoxonSignedRank(untied).p).toBe(minAttainableP("wilcoxon", n));
      expect(wilcoxonSignedRank(tied.map((x) => -x)).p).toBe(minAttainableP("wilcoxon", n));
    }
  });

  it("is 2 / C(m + n, m) for Mann-Whitney (hand: 5 and 4 -> 2/126; 3 and 3 -> 2/20 = 0.1)", () => {
    expect(minAttainableP("mann-whitney", 5, 4)).toBe(2 / 126);
    expect(minAttainableP("mann-whitney", 4, 5)).toBe(2 / 126);
    expect(minAttainableP("mann-whitney", 3, 3)).toBe(0.1);
    expect(minAttainableP("mann-whitney", 1, 1)).toBe(1);
    expect(minAttainableP("mann-whitney", 0, 7)).toBe(1);
    // C(20, 10) = 184756
    expect(minAttainableP("mann-whitney", 10, 10)).toBe(2 / 184756);
  });

  it("is what Mann-Whitney gives when one sample lies wholly above the other (no ties)", () => {
    expect(mannWhitneyU([7, 8, 9, 10, 11], [1, 2, 3, 4]).p).toBeCloseTo(
      minAttainableP("mann-whitney", 5, 4),
      14,
    );
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).p).toBeCloseTo(minAttainableP("mann-whitney", 3, 3), 14);
  });

  it("refuses sizes that are not whole numbers and sides other than 1 or 2", () => {
    expect(() => minAttainableP("wilcoxon", -1)).toThrow(RangeError);
    expect(() => minAttainableP("wilcoxon", 2.5)).toThrow(RangeError);
    expect(() => minAttainableP("mann-whitney", 3, Number.NaN)).toThrow(RangeError);
    expect(() => minAttainableP("wilcoxon", 4, 3 as 1)).toThrow(RangeError);
  });
});

describe("canReach", () => {
  it("says 5 pairs cannot reach p < 0.05 (0.0625) and 6 pairs can (0.03125)", () => {
    expect(canReach(0.05, "wilcoxon", 5)).toBe(false);
    expect(canReach(0.05, "wilcoxon", 6)).toBe(true);
    expect(canReach(0.05, "wilcoxon", 0)).toBe(false);
  });

  it("is strict: a smallest p equal to alpha cannot reach p < alpha", () => {
    expect(canReach(0.0625, "wilcoxon", 5)).toBe(false);
    expect(canReach(0.1, "mann-whitney", 3, 3)).toBe(false);
  });

  it("needs 4 and 4 values for Mann-Whitney at 0.05 (2/35 = 0.057 for 4 and 3, 2/70 = 0.029 for 4 and 4)", () => {
    expect(canReach(0.05, "mann-whitney", 4, 3)).toBe(false);
    expect(canReach(0.05, "mann-whitney", 4, 4)).toBe(true);
  });

  it("one-sided, needs 5 pairs at 0.05 (1/16 = 0.0625 for 4, 1/32 for 5)", () => {
    expect(canReach(0.05, "wilcoxon", 4, 1)).toBe(false);
    expect(canReach(0.05, "wilcoxon", 5, 1)).toBe(true);
  });
});
