import { describe, expect, it } from "vitest";
import { rng } from "../../random.ts";
import { calibrateThreshold } from "../calibrate.ts";
import { categoricals, countsOf } from "../testing.ts";
import { chi2, chiSquare } from "./chi2.ts";

const weights = { a: 0.5, b: 0.3, c: 0.2 };

describe("chi2 detector", () => {
  const random = rng(11);
  const reference = {
    field: "g",
    kind: "categorical" as const,
    counts: countsOf(categoricals(random, 2000, weights)),
  };
  const threshold = calibrateThreshold(chi2, reference, {
    windowSize: 200,
    falseAlarmRate: 0.01,
    trials: 300,
    seed: 12,
    calibration: categoricals(random, 2000, weights),
  });

  it("stays quiet on windows with the reference proportions", () => {
    const d = chi2.create(reference, { windowSize: 200, threshold });
    let alarms = 0;
    for (let w = 0; w < 30; w++) {
      for (const c of categoricals(random, 200, weights)) d.update(c);
      if (d.check()?.drift) alarms++;
    }
    expect(alarms).toBeLessThanOrEqual(2);
  });

  it("alarms when the category balance moves", () => {
    const d = chi2.create(reference, { windowSize: 200, threshold });
    for (const c of categoricals(random, 200, { a: 0.3, b: 0.3, c: 0.4 })) d.update(c);
    expect(d.check()?.drift).toBe(true);
  });

  it("weighs a category unseen in training heavily", () => {
    const ref = new Map(Object.entries(reference.counts));
    const shifted = new Map([
      ["a", 90],
      ["b", 60],
      ["c", 40],
      ["zebra", 10],
    ]);
    const balanced = new Map([
      ["a", 100],
      ["b", 60],
      ["c", 40],
    ]);
    expect(chiSquare(shifted, ref)).toBeGreaterThan(50 * chiSquare(balanced, ref) + 100);
  });

  it("keys numbers by their string form and ignores null-like values", () => {
    const numericRef = { field: "k", kind: "categorical" as const, counts: { "1": 50, "2": 50 } };
    const d = chi2.create(numericRef, { windowSize: 2, threshold: 10 });
    d.update(1);
    d.update(Number.NaN);
    expect(d.check()).toBeNull();
    d.update("2");
    expect(d.check()?.drift).toBe(false);
  });
});
