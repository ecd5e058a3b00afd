import { describe, expect, it } from "vitest";
import { rng } from "../../random.ts";
import { calibrateThreshold } from "../calibrate.ts";
import { normals } from "../testing.ts";
import { pageHinkley } from "./page-hinkley.ts";

describe("page-hinkley detector", () => {
  const random = rng(31);
  // A feature far from zero with a wide spread: the detector must work in reference units.
  const reference = { field: "load", kind: "numeric" as const, sample: normals(random, 1000, 500, 40) };
  const threshold = calibrateThreshold(pageHinkley, reference, {
    windowSize: 200,
    falseAlarmRate: 0.01,
    trials: 300,
    seed: 32,
    calibration: normals(random, 2000, 500, 40),
  });

  it("stays quiet on a long no-drift stream checked every 50 values", () => {
    const d = pageHinkley.create(reference, { windowSize: 200, threshold });
    let alarms = 0;
    let checks = 0;
    for (let i = 1; i <= 3000; i++) {
      d.update(normals(random, 1, 500, 40)[0]);
      if (i % 50 === 0 && d.check()) {
        checks++;
        if (d.check()?.drift) alarms++;
      }
    }
    expect(checks).toBeGreaterThan(50);
    expect(alarms / checks).toBeLessThan(0.1);
  });

  it("detects an increase and a decrease of the mean", () => {
    for (const mean of [520, 480]) {
      const d = pageHinkley.create(reference, { windowSize: 200, threshold });
      for (const x of normals(random, 200, mean, 40)) d.update(x);
      expect(d.check()?.drift).toBe(true);
    }
  });

  it("starts over after a detection", () => {
    const d = pageHinkley.create(reference, { windowSize: 200, threshold });
    for (const x of normals(random, 200, 560, 40)) d.update(x);
    const first = d.check();
    expect(first?.drift).toBe(true);
    d.update(500);
    expect(d.check()).toBeNull();
    for (const x of normals(random, 40, 500, 40)) d.update(x);
    const after = d.check();
    expect(after?.n).toBe(41);
    expect(after?.statistic).toBeLessThan(first?.statistic ?? 0);
  });
});
