import { median, quantileSorted } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { rng } from "../../../systems/kit/random.ts";
import { bootstrapPairedMedianDifference } from "./bootstrap.ts";
import { type ClusterRow, clusterBootstrapMedianCI } from "./cluster-bootstrap.ts";

/** Tasks whose differences sit far apart (shift per task), 3 seeds of 2 rows each, small jitter. */
function spreadTasks(shifts: readonly number[]): ClusterRow[] {
  const random = rng("jitter");
  return shifts.flatMap((shift, t) =>
    ["s1", "s2", "s3"].flatMap((seed) =>
      [0, 1].map(() => ({ cluster: `task${t}`, subcluster: seed, d: shift + random() - 0.5 })),
    ),
  );
}

describe("clusterBootstrapMedianCI", () => {
  const rows = spreadTasks([-10, -5, 0, 5, 10, 15]);

  it("gives the same interval for the same seed, another for another seed", () => {
    const first = clusterBootstrapMedianCI(rows, { seed: 3, resamples: 500 });
    expect(clusterBootstrapMedianCI(rows, { seed: 3, resamples: 500 })).toEqual(first);
    expect(clusterBootstrapMedianCI(rows, { seed: 4, resamples: 500 })).not.toEqual(first);
    expect(first).toMatchObject({ level: 0.95, resamples: 500, undetermined: 0, clusters: 6, rows: 36 });
  });

  it("estimates the median of all rows and its CI contains it", () => {
    const ci = clusterBootstrapMedianCI(rows, { seed: 1 });
    expect(ci?.estimate).toBe(median(rows.map((r) => r.d as number)));
    expect(ci?.low).toBeLessThanOrEqual(ci?.estimate as number);
    expect(ci?.high).toBeGreaterThanOrEqual(ci?.estimate as number);
  });

  it("is wider than a row-by-row bootstrap when tasks differ a lot", () => {
    const d = rows.map((r) => r.d as number);
    const plain = bootstrapPairedMedianDifference(
      d,
      d.map(() => 0),
      { seed: 1 },
    );
    const cluster = clusterBootstrapMedianCI(rows, { seed: 1 });
    const clusterWidth = (cluster?.high as number) - (cluster?.low as number);
    // Six tasks drive the cluster interval; 36 rows, as if independent, the row interval.
    expect(clusterWidth).toBeGreaterThan(1.5 * (plain.high - plain.low));
  });

  it("with a single task is exactly the two-level bootstrap of its seeds (reference written here)", () => {
    const oneTask: ClusterRow[] = [
      { cluster: "t", subcluster: "a", d: 1 },
      { cluster: "t", subcluster: "a", d: 2 },
      { cluster: "t", subcluster: "b", d: 7 },
      { cluster: "t", subcluster: "c", d: -3 },
      { cluster: "t", subcluster: "c", d: 4 },
      { cluster: "t", subcluster: "c", d: 5 },
      { cluster: "t", subcluster: "d", d: 0.5 },
    ];
    const seeds = [[1, 2], [7], [-3, 4, 5], [0.5]];
    const random = rng("two-level");
    const stats = Array.from({ length: 300 }, () => {
      const drawn = seeds.flatMap(() => seeds[Math.floor(random() * seeds.length)]);
      return median(drawn);
    }).sort((x, y) => x - y);
    const ci = clusterBootstrapMedianCI(oneTask, { seed: "two-level", resamples: 300, level: 0.9 });
    expect(ci).toMatchObject({ estimate: 2, clusters: 1, rows: 7 });
    expect(ci?.low).toBe(quantileSorted(stats, 0.05));
    expect(ci?.high).toBe(quantileSorted(stats, 0.95));
  });

  it("with one row per task is exactly the row bootstrap of bootstrapPairedMedianDifference", () => {
    const d = [3, -1, 4, 1, -5, 9, 2, 6];
    const plain = bootstrapPairedMedianDifference(
      d,
      d.map(() => 0),
      { seed: 9, resamples: 400 },
    );
    const ci = clusterBootstrapMedianCI(
      d.map((x, i) => ({ cluster: `t${i}`, subcluster: "s", d: x })),
      { seed: 9, resamples: 400 },
    );
    expect(ci).toMatchObject({ estimate: plain.estimate, low: plain.low, high: plain.high });
  });

  it("drops rows with no difference (null, NaN) before resampling, and a task left with none", () => {
    const withGaps: ClusterRow[] = [
      ...rows,
      { cluster: "task0", subcluster: "s9", d: null },
      { cluster: "empty", subcluster: "s1", d: Number.NaN },
    ];
    expect(clusterBootstrapMedianCI(withGaps, { seed: 5, resamples: 200 })).toEqual(
      clusterBootstrapMedianCI(rows, { seed: 5, resamples: 200 }),
    );
  });

  it("returns null, not [0, 0], when there are no usable rows", () => {
    expect(clusterBootstrapMedianCI([], { seed: 1 })).toBeNull();
    expect(clusterBootstrapMedianCI([{ cluster: "t", subcluster: "s", d: null }], { seed: 1 })).toBeNull();
  });

  it("is a zero-width interval at the value when every difference is the same", () => {
    const same = rows.map((r) => ({ ...r, d: 2 }));
    expect(clusterBootstrapMedianCI(same, { seed: 2, resamples: 100 })).toMatchObject({
      estimate: 2,
      low: 2,
      high: 2,
    });
  });

  it("keeps infinite differences, and leaves the ends null when a resample's median is undetermined", () => {
    // Two tasks: one never reached by the candidate (+Inf), one never by the baseline (-Inf).
    const split: ClusterRow[] = [
      { cluster: "a", subcluster: "s", d: Infinity },
      { cluster: "b", subcluster: "s", d: -Infinity },
    ];
    const ci = clusterBootstrapMedianCI(split, { seed: 1, resamples: 50 });
    // The median of {+Inf, -Inf} is not determined; some resample draws both tasks.
    expect(ci).toMatchObject({ estimate: null, low: null, high: null });
    expect(ci?.undetermined).toBeGreaterThan(0);
    const upOnly = clusterBootstrapMedianCI(
      [
        ...split.slice(0, 1),
        { cluster: "c", subcluster: "s", d: 1 },
        { cluster: "d", subcluster: "s", d: 2 },
      ],
      { seed: 1, resamples: 200 },
    );
    expect(upOnly).toMatchObject({ estimate: 2, high: Infinity, undetermined: 0 });
  });

  it("refuses a resample count below 1 and a level outside (0, 1)", () => {
    expect(() => clusterBootstrapMedianCI(rows, { seed: 1, resamples: 0 })).toThrow(RangeError);
    expect(() => clusterBootstrapMedianCI(rows, { seed: 1, level: 1 })).toThrow(RangeError);
  });
});
