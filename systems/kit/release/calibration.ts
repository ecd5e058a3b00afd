import type { FeatureReference, Reference } from "../features/types.ts";
import { calibrateThreshold, getDetector } from "../monitor/index.ts";
import { rng, shuffled } from "../random.ts";

/**
 * Drift thresholds are calibrated once, when a release is trained, on rows the reference sample
 * did not take, and shipped with the release: every unit that serves it, in every pattern, then
 * alarms at the same calibrated false-alarm rate without recalibrating at start or at a swap.
 */
export const monitoring = {
  windowSize: 200,
  falseAlarmRate: 0.002,
  // About 10 / falseAlarmRate draws, so the quantile is not just the largest of a few hundred.
  trials: 5000,
  detectors: { numeric: "ks", categorical: "chi2" },
} as const;

export type Thresholds = Record<string, number>;

/** Splits rows into a reference part and a disjoint calibration part (seeded). */
export function splitForCalibration<T>(
  rows: readonly T[],
  seed: number,
  share = 0.4,
): { reference: T[]; calibration: T[] } {
  const order = shuffled(
    rows.map((_, i) => i),
    rng(`${seed}:calibration`),
  );
  const cut = Math.max(1, Math.round(rows.length * share));
  const cal = new Set(order.slice(0, cut));
  return { reference: rows.filter((_, i) => !cal.has(i)), calibration: rows.filter((_, i) => cal.has(i)) };
}

const detectorFor = (ref: FeatureReference) =>
  getDetector(ref.kind === "numeric" ? monitoring.detectors.numeric : monitoring.detectors.categorical);

/** One threshold per referenced feature, from held-out values of that feature. */
export function calibrateReference(
  reference: Reference,
  calibration: Record<string, (number | string)[]>,
  seed: number,
): Thresholds {
  const out: Thresholds = {};
  for (const [feature, ref] of Object.entries(reference)) {
    out[feature] = calibrateThreshold(detectorFor(ref), ref, {
      windowSize: monitoring.windowSize,
      falseAlarmRate: monitoring.falseAlarmRate,
      trials: monitoring.trials,
      seed,
      calibration: calibration[feature],
    });
  }
  return out;
}
