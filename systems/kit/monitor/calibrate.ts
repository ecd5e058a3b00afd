import { quantile } from "simple-statistics";
import type { FeatureReference } from "../features/types.ts";
import { rng } from "../random.ts";
import type { DetectorPlugin } from "./detectors/types.ts";
import { asCategory, asNumber } from "./detectors/types.ts";
import { CalibrationError } from "./errors.ts";

export interface CalibrationOptions {
  windowSize: number;
  /** Share of no-drift checks that may alarm, e.g. 0.001. */
  falseAlarmRate: number;
  /** Windows drawn; resolution of the quantile is about 1/trials. Default 200. */
  trials?: number;
  seed: number;
  /** Held-out no-drift values; without them windows are bootstrapped from the reference itself. */
  calibration?: (number | string)[];
}

/** Values the plugin's detectors would actually use, so the pool matches what they see live. */
function usable(plugin: DetectorPlugin, values: readonly unknown[]): (number | string)[] {
  const out: (number | string)[] = [];
  for (const v of values) {
    const x = plugin.accepts === "numeric" ? asNumber(v) : asCategory(v);
    if (x !== null) out.push(x);
  }
  return out;
}

/** Draws one no-drift value; categorical references are sampled by weight, never expanded into a list. */
function referenceDraw(ref: FeatureReference, random: () => number): (() => number | string) | null {
  if (ref.kind === "numeric") {
    const sample = ref.sample.filter((v) => Number.isFinite(v));
    return sample.length ? () => sample[Math.floor(random() * sample.length)] : null;
  }
  const keys: string[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [key, count] of Object.entries(ref.counts)) {
    if (!(count > 0)) continue;
    total += count;
    keys.push(key);
    cumulative.push(total);
  }
  if (total === 0) return null;
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return keys[lo];
  };
}

/**
 * The threshold whose no-drift alarm rate is about falseAlarmRate: the (1 - rate) quantile of the
 * detector's statistic over seeded windows drawn from no-drift data. Bootstrapping from the
 * reference makes windows a little too similar to it, so the real rate runs somewhat above the
 * target; pass held-out values when they exist.
 */
export function calibrateThreshold(
  plugin: DetectorPlugin,
  ref: FeatureReference,
  opts: CalibrationOptions,
): number {
  const { windowSize, falseAlarmRate } = opts;
  const trials = opts.trials ?? 200;
  if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new CalibrationError(`falseAlarmRate must be between 0 and 1 (got ${falseAlarmRate})`);
  }
  if (!Number.isInteger(trials) || trials < 1)
    throw new CalibrationError(`trials must be a positive integer (got ${trials})`);
  const random = rng(opts.seed);
  const pool = opts.calibration ? usable(plugin, opts.calibration) : null;
  const draw = pool
    ? pool.length
      ? () => pool[Math.floor(random() * pool.length)]
      : null
    : referenceDraw(ref, random);
  if (!draw) {
    throw new CalibrationError(
      `no usable ${plugin.accepts} values to calibrate '${plugin.name}' on feature '${ref.field}'`,
    );
  }
  const detector = plugin.create(ref, { windowSize, threshold: Number.POSITIVE_INFINITY });
  const statistics: number[] = [];
  for (let t = 0; t < trials; t++) {
    detector.reset();
    for (let i = 0; i < windowSize; i++) detector.update(draw());
    const result = detector.check();
    if (result && Number.isFinite(result.statistic)) statistics.push(result.statistic);
  }
  if (statistics.length === 0) {
    throw new CalibrationError(
      `detector '${plugin.name}' gave no statistic on windows of ${windowSize} values`,
    );
  }
  return quantile(statistics, 1 - falseAlarmRate);
}
