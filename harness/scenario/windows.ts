/**
 * Monitor-sized windows of a scenario's records, and a statistic averaged over several of them, so
 * one lucky (or unlucky) window does not decide whether a shift is visible. The statistic of one
 * window is the shipped detector's own (created from the registry, fed the window, checked), so the
 * measure reads what a monitor at that boundary would read.
 */
import type { FeatureReference } from "../../systems/kit/features/types.ts";
import type { DetectorPlugin } from "../../systems/kit/monitor/detectors/types.ts";
import { rng } from "../../systems/kit/random.ts";

/**
 * How windows were taken from the values:
 * - disjoint: consecutive, non-overlapping windows in the order sent (enough values for all);
 * - subsets: seeded draws without replacement (enough for one window, not for all disjoint);
 * - resampled: seeded draws with replacement (fewer values than a window, at least `minValues`:
 *   read with care);
 * - none: fewer than `minValues` values, no statistic.
 */
export type WindowMode = "disjoint" | "subsets" | "resampled" | "none";

export interface Windows<T> {
  windows: T[][];
  mode: WindowMode;
  /** Values there were to draw from. */
  available: number;
}

/**
 * Below this share of a window no window is drawn: a window resampled from a few dozen values is
 * mostly repeats, and its statistic is not comparable with a threshold calibrated on real windows.
 */
export const MIN_WINDOW_SHARE = 0.5;

export function drawWindows<T>(
  values: readonly T[],
  size: number,
  count: number,
  seed: string,
  minValues = Math.ceil(size * MIN_WINDOW_SHARE),
): Windows<T> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be >= 1 (got ${size})`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`window count must be >= 1 (got ${count})`);
  const n = values.length;
  if (n === 0 || n < Math.min(minValues, size)) return { windows: [], mode: "none", available: n };
  if (n >= size * count) {
    const windows = Array.from({ length: count }, (_, k) => values.slice(k * size, (k + 1) * size));
    return { windows, mode: "disjoint", available: n };
  }
  const random = rng(seed);
  if (n >= size) {
    const windows = Array.from({ length: count }, () => {
      // Partial Fisher-Yates: the first `size` slots become a uniform subset.
      const pool = values.slice();
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(random() * (n - i));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      return pool.slice(0, size);
    });
    return { windows, mode: "subsets", available: n };
  }
  const windows = Array.from({ length: count }, () =>
    Array.from({ length: size }, () => values[Math.floor(random() * n)]),
  );
  return { windows, mode: "resampled", available: n };
}

export interface WindowAverage {
  /** Mean of the windows' statistics; null when no window gave one. */
  mean: number | null;
  /** Their standard deviation (population); null without statistics. */
  sd: number | null;
  statistics: number[];
  mode: WindowMode;
  available: number;
}

/** A statistic computed on each window, averaged. Windows whose statistic is null or not finite are skipped. */
export function averageOver<T>(w: Windows<T>, statistic: (window: T[]) => number | null): WindowAverage {
  const statistics = w.windows
    .map((win) => statistic(win))
    .filter((s): s is number => typeof s === "number" && Number.isFinite(s));
  if (statistics.length === 0)
    return { mean: null, sd: null, statistics, mode: w.mode, available: w.available };
  const mean = statistics.reduce((a, b) => a + b, 0) / statistics.length;
  const sd = Math.sqrt(statistics.reduce((a, b) => a + (b - mean) ** 2, 0) / statistics.length);
  return { mean, sd, statistics, mode: w.mode, available: w.available };
}

/**
 * The detector's statistic on one window: a fresh detector sized to the window, fed every value,
 * checked once. null when the detector gives no answer (values it does not accept).
 */
export function detectorStatistic(
  plugin: DetectorPlugin,
  ref: FeatureReference,
  window: readonly (number | string)[],
  threshold: number,
): number | null {
  if (window.length === 0) return null;
  const detector = plugin.create(ref, { windowSize: window.length, threshold });
  for (const v of window) detector.update(v);
  return detector.check()?.statistic ?? null;
}
