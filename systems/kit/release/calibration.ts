import type { FeatureReference, Reference } from "../features/types.ts";
import { calibrateThreshold, getDetector } from "../monitor/index.ts";
import type { MonitoringConfig, Thresholds } from "../protocol/index.ts";
import { rng, shuffled } from "../random.ts";

export type { Thresholds } from "../protocol/index.ts";

/**
 * How drift is watched unless a task says otherwise. Thresholds are calibrated once, when a release
 * is trained, on rows the reference sample did not take, and shipped with the release with this
 * configuration: every unit that serves it, in every pattern, then alarms with the same detectors
 * at the same calibrated false-alarm rate, without recalibrating at start or at a swap.
 */
export const defaultMonitoring: MonitoringConfig = {
  windowSize: 200,
  falseAlarmRate: 0.002,
  // About 10 / falseAlarmRate draws, so the quantile is not just the largest of a few hundred.
  trials: 5000,
  detectors: { numeric: "ks", categorical: "chi2" },
};

/** A task's overrides on the defaults; each detector name must be a registered one (else the list of known). */
export function monitoringFor(
  overrides:
    | (Partial<Omit<MonitoringConfig, "detectors">> & { detectors?: Partial<MonitoringConfig["detectors"]> })
    | undefined,
): MonitoringConfig {
  const config = {
    ...defaultMonitoring,
    ...overrides,
    detectors: { ...defaultMonitoring.detectors, ...overrides?.detectors },
  };
  getDetector(config.detectors.numeric);
  getDetector(config.detectors.categorical);
  return config;
}

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

const detectorFor = (ref: FeatureReference, config: MonitoringConfig) =>
  getDetector(ref.kind === "numeric" ? config.detectors.numeric : config.detectors.categorical);

/** One threshold per referenced feature, from held-out values of that feature. */
export function calibrateReference(
  reference: Reference,
  calibration: Record<string, (number | string)[]>,
  seed: number,
  config: MonitoringConfig,
): Thresholds {
  const out: Thresholds = {};
  for (const [feature, ref] of Object.entries(reference)) {
    out[feature] = calibrateThreshold(detectorFor(ref, config), ref, {
      windowSize: config.windowSize,
      falseAlarmRate: config.falseAlarmRate,
      trials: config.trials,
      seed,
      calibration: calibration[feature],
    });
  }
  return out;
}
