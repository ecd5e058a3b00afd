import { describe, expect, it } from "vitest";
import { continuityCorrectedZ, twoSidedNormalP, upperNormalP } from "./normal.ts";

describe("twoSidedNormalP", () => {
  it("matches standard normal table values (z = 1.96 -> 0.0500, z = 2.576 -> 0.0100)", () => {
    expect(twoSidedNormalP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedNormalP(-2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedNormalP(0)).toBeCloseTo(1, 6);
  });
});

describe("continuityCorrectedZ", () => {
  it("moves the statistic half a step towards the mean and never past it", () => {
    expect(continuityCorrectedZ(17, 10, 2)).toBe(3.25);
    expect(continuityCorrectedZ(3, 10, 2)).toBe(3.25);
    expect(continuityCorrectedZ(10.25, 10, 2)).toBe(0);
  });

  it("is 0 when the null distribution has no spread", () => {
    expect(continuityCorrectedZ(4, 4, 0)).toBe(0);
  });
});

describe("upperNormalP", () => {
  it("matches standard normal table values (P(Z >= 1.645) = 0.05, P(Z >= -1.645) = 0.95, P(Z >= 0) = 0.5)", () => {
    expect(upperNormalP(1.644854)).toBeCloseTo(0.05, 6);
    expect(upperNormalP(-1.644854)).toBeCloseTo(0.95, 6);
    expect(upperNormalP(0)).toBeCloseTo(0.5, 6);
    expect(upperNormalP(2.326348)).toBeCloseTo(0.01, 6);
  });
});
