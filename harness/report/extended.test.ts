import { quantileSorted } from "simple-statistics";
import { describe, expect, it } from "vitest";
import {
  extendedDifference,
  extendedMedian,
  extendedQuantileSorted,
  fromExt,
  sortExtended,
  toExt,
} from "./extended.ts";

describe("extendedQuantileSorted", () => {
  it("agrees with simple-statistics' quantileSorted on finite data", () => {
    const sorted = [1, 2, 2.5, 7, 11, 40];
    for (const p of [0, 0.025, 0.25, 0.5, 0.75, 0.975, 1])
      expect(extendedQuantileSorted(sorted, p)).toBe(quantileSorted(sorted, p));
  });
  it("says a median between a finite value and a never-reached one is not reached", () => {
    expect(extendedMedian([3, Infinity])).toBe(Infinity);
    expect(extendedMedian([Infinity, 5, Infinity, 1])).toBe(Infinity);
    expect(extendedMedian([1, 2, Infinity])).toBe(2);
  });
  it("keeps two equal infinities instead of making NaN of them", () => {
    expect(extendedMedian([Infinity, Infinity])).toBe(Infinity);
    expect(extendedMedian([-Infinity, -Infinity, 4])).toBe(-Infinity);
  });
  it("leaves the point between -Infinity and +Infinity undetermined", () => {
    expect(extendedMedian([-Infinity, Infinity])).toBeNull();
    expect(extendedMedian([])).toBeNull();
  });
});

describe("extended helpers", () => {
  it("sort infinities to the ends and round-trip them through JSON form", () => {
    expect(sortExtended([Infinity, 2, -Infinity, Infinity, 1])).toEqual([
      -Infinity,
      1,
      2,
      Infinity,
      Infinity,
    ]);
    expect([Infinity, -Infinity, 3].map(toExt)).toEqual(["+inf", "-inf", 3]);
    expect(["+inf", "-inf", 3].map((x) => fromExt(x as "+inf"))).toEqual([Infinity, -Infinity, 3]);
  });
  it("give no difference between two not-reached values", () => {
    expect(extendedDifference(Infinity, Infinity)).toBeNull();
    expect(extendedDifference(Infinity, 5)).toBe(Infinity);
    expect(extendedDifference(5, Infinity)).toBe(-Infinity);
    expect(extendedDifference(7, 5)).toBe(2);
    expect(extendedDifference(null, 5)).toBeNull();
  });
});
