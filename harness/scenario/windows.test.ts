import { describe, expect, it } from "vitest";
import type { FeatureReference } from "../../systems/kit/features/types.ts";
import type { DetectorPlugin } from "../../systems/kit/monitor/detectors/types.ts";
import { averageOver, detectorStatistic, drawWindows } from "./windows.ts";

/** A fake detector: its statistic is the window's mean, once the window is full. */
const meanDetector: DetectorPlugin = {
  name: "mean",
  accepts: "numeric",
  create(_ref, opts) {
    let values: number[] = [];
    return {
      name: "mean",
      update(v) {
        if (typeof v === "number") values.push(v);
      },
      check() {
        if (values.length < opts.windowSize) return null;
        const statistic = values.reduce((a, b) => a + b, 0) / values.length;
        return { statistic, threshold: opts.threshold, drift: statistic > opts.threshold, n: values.length };
      },
      reset() {
        values = [];
      },
    };
  },
};
const ref: FeatureReference = { field: "x", kind: "numeric", sample: [0] };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("monitor-sized windows of a scenario's records", () => {
  it("takes consecutive disjoint windows when there are values for all of them", () => {
    const w = drawWindows(range(1000), 200, 5, "s");
    expect(w.mode).toBe("disjoint");
    expect(w.windows.map((x) => [x[0], x.length])).toEqual([
      [0, 200],
      [200, 200],
      [400, 200],
      [600, 200],
      [800, 200],
    ]);
  });

  it("averages the fake detector's statistic over the disjoint windows", () => {
    const w = drawWindows(range(1000), 200, 5, "s");
    const avg = averageOver(w, (win) => detectorStatistic(meanDetector, ref, win, 1));
    // Window means 99.5, 299.5, ..., 899.5.
    expect(avg.statistics).toEqual([99.5, 299.5, 499.5, 699.5, 899.5]);
    expect(avg.mean).toBeCloseTo(499.5, 10);
    expect(avg.sd).toBeCloseTo(Math.sqrt((400 ** 2 * 2 + 200 ** 2 * 2) / 5), 10);
  });

  it("draws seeded subsets without replacement when there are values for one window only", () => {
    const w = drawWindows(range(300), 200, 5, "seed-a");
    expect(w.mode).toBe("subsets");
    expect(w.windows).toHaveLength(5);
    for (const win of w.windows) expect(new Set(win).size).toBe(200);
    expect(drawWindows(range(300), 200, 5, "seed-a").windows).toEqual(w.windows);
    expect(drawWindows(range(300), 200, 5, "seed-b").windows).not.toEqual(w.windows);
    // Every subset's mean sits near the whole's (149.5): a fair average, not one lucky window.
    const avg = averageOver(w, (win) => detectorStatistic(meanDetector, ref, win, 1));
    expect(avg.mean).toBeGreaterThan(135);
    expect(avg.mean).toBeLessThan(165);
  });

  it("resamples with replacement below a window's worth and draws nothing below the minimum", () => {
    const few = drawWindows(range(120), 200, 3, "s");
    expect(few.mode).toBe("resampled");
    expect(few.windows.every((win) => win.length === 200)).toBe(true);
    const none = drawWindows(range(10), 200, 3, "s");
    expect(none).toEqual({ windows: [], mode: "none", available: 10 });
    expect(averageOver(none, () => 1)).toMatchObject({ mean: null, sd: null, statistics: [] });
  });

  it("skips windows whose detector gives no answer", () => {
    const w = drawWindows(range(400), 200, 2, "s");
    const avg = averageOver(w, (win) => (win[0] === 0 ? null : detectorStatistic(meanDetector, ref, win, 1)));
    expect(avg.statistics).toEqual([299.5]);
    expect(avg.mean).toBe(299.5);
  });
});
