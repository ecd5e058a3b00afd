import { describe, expect, it } from "vitest";
import { a12, a12Magnitude } from "./a12.ts";
import { mannWhitneyU } from "./mann-whitney.ts";

describe("a12", () => {
  it("is 1 when every value of the first sample beats every value of the second", () => {
    expect(a12([4, 5], [1, 2, 3])).toEqual({ a12: 1, magnitude: "large" });
    expect(a12([1, 2, 3], [4, 5])).toEqual({ a12: 0, magnitude: "large" });
  });

  it("counts ties as half a win (hand-computed: [1, 2, 3] vs [2, 2] -> (0 + 1 + 2) / 6 = 0.5)", () => {
    // 1 loses to both 2s, 2 ties both (0.5 + 0.5), 3 beats both: 0 + 1 + 2 = 3 of 6 pairs.
    expect(a12([1, 2, 3], [2, 2])).toEqual({ a12: 0.5, magnitude: "negligible" });
  });

  it("counts wins pair by pair (hand-computed: 10 / 16 and 13 / 16)", () => {
    // 2 beats 1; 4 beats 1, 3; 6 beats 1, 3, 5; 8 beats all four: 1 + 2 + 3 + 4 = 10 of 16.
    expect(a12([2, 4, 6, 8], [1, 3, 5, 7])?.a12).toBe(10 / 16);
    // Shifted by one more rank: 3, 5, 7, 9 vs 1, 2, 4, 6: 2 + 3 + 4 + 4 = 13 of 16.
    expect(a12([3, 5, 7, 9], [1, 2, 4, 6])?.a12).toBe(13 / 16);
  });

  it("equals Mann-Whitney U / (m n) on scipy's documented example (17 / 20)", () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    expect(a12(males, females)?.a12).toBe(17 / 20);
    expect(a12(males, females)?.a12).toBe(mannWhitneyU(males, females).u / 20);
  });

  it("is null for an empty sample", () => {
    expect(a12([], [1])).toBeNull();
  });
});

describe("a12Magnitude", () => {
  it("uses Vargha & Delaney's 0.56, 0.64, 0.71 thresholds, symmetric around 0.5", () => {
    expect(a12Magnitude(0.5)).toBe("negligible");
    expect(a12Magnitude(0.559)).toBe("negligible");
    expect(a12Magnitude(0.56)).toBe("small");
    expect(a12Magnitude(0.64)).toBe("medium");
    expect(a12Magnitude(0.71)).toBe("large");
    expect(a12Magnitude(0.3)).toBe("medium"); // mirrors 0.7
    expect(a12Magnitude(0.2)).toBe("large");
    expect(a12Magnitude(0.4)).toBe("small");
    expect(a12Magnitude(0.35)).toBe("medium");
  });
});
