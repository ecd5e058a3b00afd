import { describe, expect, it } from "vitest";
import { averageRanks, hasTies, tieSizes, tieTerm } from "./ranks.ts";

describe("averageRanks", () => {
  it("ranks distinct values 1..n in input order", () => {
    expect(averageRanks([30, 10, 20])).toEqual([3, 1, 2]);
  });

  it("gives tied values the average of the ranks they span", () => {
    // 5, 5 span ranks 1-2; 9, 9, 9 span ranks 4-6.
    expect(averageRanks([5, 9, 7, 5, 9, 9])).toEqual([1.5, 5, 3, 1.5, 5, 5]);
  });

  it("returns nothing for nothing", () => {
    expect(averageRanks([])).toEqual([]);
  });
});

describe("tie helpers", () => {
  it("count tie groups and their t^3 - t term", () => {
    expect(tieSizes([5, 9, 7, 5, 9, 9]).sort()).toEqual([1, 2, 3]);
    expect(tieTerm([5, 9, 7, 5, 9, 9])).toBe(0 + 6 + 24);
    expect(hasTies([1, 2, 3])).toBe(false);
    expect(hasTies([1, 2, 2])).toBe(true);
  });
});

describe("averageRanks with infinities", () => {
  it("ranks infinities beyond every finite value and ties equal infinities", () => {
    // 3 is rank 1; the two +Infinity span ranks 2-3.
    expect(averageRanks([Infinity, 3, Infinity])).toEqual([2.5, 1, 2.5]);
    expect(averageRanks([-Infinity, 0, Infinity])).toEqual([1, 2, 3]);
  });
});
