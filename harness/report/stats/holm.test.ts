import { describe, expect, it } from "vitest";
import { holm } from "./holm.ts";

describe("holm", () => {
  it("adjusts a hand-computed family and returns it in the input order", () => {
    // Sorted: 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 = 0.04 -> running max 0.06.
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    expect(adjusted).toHaveLength(4);
    adjusted.forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i], 15);
    });
  });

  it("matches MultipleTesting.jl's documented Holm example ([0.001, 0.01, 0.03, 0.5] -> [0.004, 0.03, 0.06, 0.5])", () => {
    const adjusted = holm([0.001, 0.01, 0.03, 0.5]);
    [0.004, 0.03, 0.06, 0.5].forEach((p, i) => {
      expect(adjusted[i]).toBeCloseTo(p, 15);
    });
  });

  it("is empty for an empty family and the p itself for a family of one", () => {
    expect(holm([])).toEqual([]);
    expect(holm([0.03])).toEqual([0.03]);
    expect(holm([1])).toEqual([1]);
  });

  it("gives tied p's the same adjusted value, whatever their order", () => {
    // Sorted 0.01, 0.01, 0.2: 0.03, 0.02 -> 0.03 (monotone), 0.2.
    const adjusted = holm([0.01, 0.2, 0.01]);
    expect(adjusted[0]).toBeCloseTo(0.03, 15);
    expect(adjusted[2]).toBe(adjusted[0]);
    expect(adjusted[1]).toBeCloseTo(0.2, 15);
  });

  it("caps at 1 and keeps p = 1 at 1", () => {
    // Sorted 0.4 x 3 = 1.2 -> 1, 0.6 x 2 = 1.2 -> 1, 1 x 1 = 1.
    expect(holm([1, 0.4, 0.6])).toEqual([1, 1, 1]);
    expect(holm([0.5, 0.5])).toEqual([1, 1]);
  });

  it("never lowers a p and keeps the order of the raw p's", () => {
    const ps = [0.2, 0.001, 0.04, 0.013, 0.049, 0.5, 0.0101];
    const adjusted = holm(ps);
    ps.forEach((p, i) => {
      expect(adjusted[i]).toBeGreaterThanOrEqual(p);
    });
    for (let i = 0; i < ps.length; i++)
      for (let j = 0; j < ps.length; j++)
        if (ps[i] < ps[j]) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]);
  });

  it("refuses values that are not p-values", () => {
    expect(() => holm([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => holm([-0.1])).toThrow(RangeError);
    expect(() => holm([1.5])).toThrow(RangeError);
  });
});
