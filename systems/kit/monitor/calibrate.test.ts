import { describe, expect, it } from "vitest";
import { rng } from "../random.ts";
import { calibrateThreshold } from "./calibrate.ts";
import { chi2 } from "./detectors/chi2.ts";
import { ks } from "./detectors/ks.ts";
import { CalibrationError } from "./errors.ts";
import { categoricals, countsOf, normals } from "./testing.ts";

/** Share of fresh windows (each from a fresh detector) whose check alarms. */
function alarmRate(draw: () => number, windows: number, threshold: number, sample: number[]): number {
  const d = ks.create({ field: "x", kind: "numeric", sample }, { windowSize: 100, threshold });
  let alarms = 0;
  for (let w = 0; w < windows; w++) {
    d.reset();
    for (let i = 0; i < 100; i++) d.update(draw());
    if (d.check()?.drift) alarms++;
  }
  return alarms / windows;
}

describe("calibrateThreshold", () => {
  const random = rng(41);
  const sample = normals(random, 1000);
  const ref = { field: "x", kind: "numeric" as const, sample };
  const opts = {
    windowSize: 100,
    falseAlarmRate: 0.05,
    trials: 600,
    seed: 42,
    calibration: normals(random, 3000),
  };

  it("gives a threshold whose false-alarm rate on fresh no-drift windows is near the target", () => {
    const threshold = calibrateThreshold(ks, ref, opts);
    const rate = alarmRate(() => normals(random, 1)[0], 600, threshold, sample);
    expect(rate).toBeGreaterThan(0.015);
    expect(rate).toBeLessThan(0.1);
  });

  it("gives a threshold that a real shift clears almost always", () => {
    const threshold = calibrateThreshold(ks, ref, opts);
    expect(alarmRate(() => normals(random, 1, 0.6)[0], 100, threshold, sample)).toBeGreaterThan(0.95);
  });

  it("raises the threshold as the target rate falls", () => {
    const loose = calibrateThreshold(ks, ref, { ...opts, falseAlarmRate: 0.2 });
    const strict = calibrateThreshold(ks, ref, { ...opts, falseAlarmRate: 0.01 });
    expect(strict).toBeGreaterThan(loose);
  });

  it("is reproducible for a seed and bootstraps from the reference when no held-out values are given", () => {
    const { calibration: _, ...bootstrap } = opts;
    const a = calibrateThreshold(ks, ref, bootstrap);
    expect(calibrateThreshold(ks, ref, bootstrap)).toBe(a);
    expect(calibrateThreshold(ks, ref, { ...bootstrap, seed: 43 })).not.toBe(a);
    expect(a).toBeGreaterThan(0.05);
    expect(a).toBeLessThan(0.25);
  });

  it("samples a categorical reference by its counts", () => {
    const weights = { a: 0.7, b: 0.2, c: 0.1 };
    const cref = {
      field: "g",
      kind: "categorical" as const,
      counts: countsOf(categoricals(random, 5000, weights)),
    };
    const t = calibrateThreshold(chi2, cref, { windowSize: 200, falseAlarmRate: 0.05, trials: 300, seed: 1 });
    // Two degrees of freedom: the chi-square 95% point is about 6.
    expect(t).toBeGreaterThan(3.5);
    expect(t).toBeLessThan(9.5);
  });

  it("rejects a rate outside (0, 1) and a pool with no usable values", () => {
    expect(() => calibrateThreshold(ks, ref, { ...opts, falseAlarmRate: 0 })).toThrow(CalibrationError);
    expect(() => calibrateThreshold(ks, ref, { ...opts, calibration: ["a", "b"] })).toThrow(
      /no usable numeric values/,
    );
  });
});
