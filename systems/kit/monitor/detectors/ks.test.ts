import { describe, expect, it } from "vitest";
import { rng } from "../../random.ts";
import { calibrateThreshold } from "../calibrate.ts";
import { normals } from "../testing.ts";
import { ks, ksPValue, ksStatistic } from "./ks.ts";

const ref = (sample: number[]) => ({ field: "x", kind: "numeric" as const, sample });

describe("ksStatistic", () => {
  it("is zero for identical samples and one for disjoint ones", () => {
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksStatistic([1, 2, 3], [4, 5, 6])).toBe(1);
  });

  it("measures the largest CDF gap, stepping over ties together", () => {
    expect(ksStatistic([1, 2, 3], [2, 3, 4])).toBeCloseTo(1 / 3);
    expect(ksStatistic([1, 1, 2, 2], [1, 2, 2, 2])).toBeCloseTo(0.25);
  });
});

describe("ksPValue", () => {
  it("is near one for a small gap and tiny for a large one", () => {
    expect(ksPValue(0.02, 200, 1000)).toBeGreaterThan(0.9);
    expect(ksPValue(0.3, 200, 1000)).toBeLessThan(1e-6);
  });
});

describe("ks detector", () => {
  const random = rng(1);
  const reference = ref(normals(random, 1000));
  const threshold = calibrateThreshold(ks, reference, {
    windowSize: 200,
    falseAlarmRate: 0.01,
    trials: 300,
    seed: 2,
    calibration: normals(random, 2000),
  });

  it("returns null until its window is full", () => {
    const d = ks.create(reference, { windowSize: 200, threshold });
    for (const x of normals(random, 199)) d.update(x);
    expect(d.check()).toBeNull();
    d.update(0);
    expect(d.check()?.n).toBe(200);
  });

  it("stays quiet on windows from the reference distribution", () => {
    const d = ks.create(reference, { windowSize: 200, threshold });
    let alarms = 0;
    for (let w = 0; w < 30; w++) {
      for (const x of normals(random, 200)) d.update(x);
      if (d.check()?.drift) alarms++;
    }
    expect(alarms).toBeLessThanOrEqual(2);
  });

  it("alarms when the mean moves by half a standard deviation", () => {
    const d = ks.create(reference, { windowSize: 200, threshold });
    for (const x of normals(random, 200, 0.5)) d.update(x);
    const r = d.check();
    expect(r?.drift).toBe(true);
    expect(r?.statistic).toBeGreaterThan(threshold);
  });

  it("ignores NaN, infinities and strings", () => {
    const d = ks.create(reference, { windowSize: 3, threshold });
    for (const v of [Number.NaN, "7", Number.POSITIVE_INFINITY, 0.1, 0.2]) d.update(v);
    expect(d.check()).toBeNull();
    d.update(0.3);
    expect(d.check()?.n).toBe(3);
  });
});
