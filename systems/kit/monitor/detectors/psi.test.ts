import { describe, expect, it } from "vitest";
import { rng } from "../../random.ts";
import { calibrateThreshold } from "../calibrate.ts";
import { categoricals, countsOf } from "../testing.ts";
import { populationStability, psi } from "./psi.ts";

const weights = { low: 0.6, mid: 0.3, high: 0.1 };

describe("psi detector", () => {
  const random = rng(21);
  const reference = {
    field: "band",
    kind: "categorical" as const,
    counts: countsOf(categoricals(random, 3000, weights)),
  };
  const threshold = calibrateThreshold(psi, reference, {
    windowSize: 200,
    falseAlarmRate: 0.01,
    trials: 300,
    seed: 22,
    calibration: categoricals(random, 2000, weights),
  });

  it("is zero when the window matches the reference exactly", () => {
    const ref = new Map([
      ["x", 30],
      ["y", 70],
    ]);
    expect(populationStability(new Map(ref), ref)).toBeCloseTo(0, 12);
  });

  it("stays quiet on windows with the reference proportions", () => {
    const d = psi.create(reference, { windowSize: 200, threshold });
    let alarms = 0;
    for (let w = 0; w < 30; w++) {
      for (const c of categoricals(random, 200, weights)) d.update(c);
      if (d.check()?.drift) alarms++;
    }
    expect(alarms).toBeLessThanOrEqual(2);
  });

  it("alarms when the balance moves and grows with the size of the move", () => {
    const d = psi.create(reference, { windowSize: 200, threshold });
    for (const c of categoricals(random, 200, { low: 0.35, mid: 0.35, high: 0.3 })) d.update(c);
    const moderate = d.check();
    expect(moderate?.drift).toBe(true);
    for (const c of categoricals(random, 200, { low: 0.1, mid: 0.3, high: 0.6 })) d.update(c);
    expect(d.check()?.statistic).toBeGreaterThan(moderate?.statistic ?? Number.POSITIVE_INFINITY);
  });
});
