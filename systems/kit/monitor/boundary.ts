import type { Clock } from "../clock.ts";
import type { FeatureReference, Reference, Violation } from "../features/types.ts";
import type { AlertLabels, Anomaly, Flow } from "../protocol/index.ts";
import type { AlertSink } from "./alerts.ts";
import { calibrateThreshold } from "./calibrate.ts";
import { getDetector } from "./detectors/index.ts";
import type { Detector, DetectorResult } from "./detectors/types.ts";
import { MonitorError } from "./errors.ts";
import type { UnitMetrics } from "./metrics.ts";
import { SchemaWindow } from "./schema-window.ts";

export interface BoundaryMonitorOptions {
  system: string;
  unit: string;
  boundary: string;
  /** What to compare against, one entry per watched feature. */
  reference: Reference;
  /** Default "ks" and "chi2". */
  detectors?: { numeric?: string; categorical?: string };
  /** Defaults 200, 50, 0.001. */
  windowSize?: number;
  checkEvery?: number;
  falseAlarmRate?: number;
  seed: number;
  /** Windows drawn per feature when calibrating; default 200 (calibrateThreshold's). */
  calibrationTrials?: number;
  /** Precalibrated per feature; otherwise calibrated at construction. */
  thresholds?: Record<string, number>;
  calibration?: Record<string, (number | string)[]>;
  /** Maps a raw record value to what the reference holds; default: finite numbers and strings pass, others null. */
  value?: (field: string, raw: unknown) => number | string | null;
  /** Label for drift alerts, default "drift" (e.g. "skew" on the skew boundary). */
  anomaly?: Extract<Anomaly, "drift" | "skew">;
  /** The flow the referenced features belong to (schema violations are always the input's). */
  flow: Flow;
  /** Default {window: 100, minViolations: 3}. */
  schema?: { window: number; minViolations: number };
  sink: AlertSink;
  metrics?: UnitMetrics;
  clock: Clock;
}

export interface FeatureStatus {
  feature: string;
  detector: string;
  statistic: number | null;
  threshold: number;
  drift: boolean;
}

interface Watch {
  ref: FeatureReference;
  detector: Detector;
  threshold: number;
  last: DetectorResult | null;
}

function defaultValue(_field: string, raw: unknown): number | string | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  return typeof raw === "string" ? raw : null;
}

/** A stable per-feature seed, so adding a feature does not change another feature's threshold. */
function featureSeed(seed: number, feature: string): number {
  let h = 2166136261;
  for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), 16777619);
  return (seed ^ h) >>> 0;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/**
 * Watches one named data flow: drift of each referenced feature against its training reference,
 * and schema violations per field. Knows no task and no pattern; alerts carry the boundary label
 * so an operator can tell where a failure entered.
 */
export class BoundaryMonitor {
  private readonly watches = new Map<string, Watch>();
  private readonly schema: SchemaWindow;
  private readonly checkEvery: number;
  private readonly windowSize: number;
  private readonly valueOf: (field: string, raw: unknown) => number | string | null;
  private records = 0;

  constructor(private readonly opts: BoundaryMonitorOptions) {
    this.windowSize = opts.windowSize ?? 200;
    this.checkEvery = opts.checkEvery ?? 50;
    if (!Number.isInteger(this.checkEvery) || this.checkEvery < 1) {
      throw new MonitorError(`checkEvery must be a positive integer (got ${this.checkEvery})`);
    }
    this.valueOf = opts.value ?? defaultValue;
    const schema = opts.schema ?? { window: 100, minViolations: 3 };
    this.schema = new SchemaWindow(schema.window, schema.minViolations);
    for (const [feature, ref] of Object.entries(opts.reference)) {
      const wanted =
        ref.kind === "numeric" ? (opts.detectors?.numeric ?? "ks") : (opts.detectors?.categorical ?? "chi2");
      const plugin = getDetector(wanted);
      if (plugin.accepts !== ref.kind) {
        throw new MonitorError(
          `detector '${plugin.name}' takes ${plugin.accepts} values, feature '${feature}' is ${ref.kind}`,
        );
      }
      const threshold =
        opts.thresholds?.[feature] ??
        calibrateThreshold(plugin, ref, {
          windowSize: this.windowSize,
          falseAlarmRate: opts.falseAlarmRate ?? 0.001,
          trials: opts.calibrationTrials,
          seed: featureSeed(opts.seed, feature),
          calibration: opts.calibration?.[feature],
        });
      const detector = plugin.create(ref, { windowSize: this.windowSize, threshold });
      this.watches.set(feature, { ref, detector, threshold, last: null });
      opts.metrics?.driftThreshold.set(
        { boundary: opts.boundary, feature, detector: plugin.name },
        threshold,
      );
    }
  }

  /** Feeds each referenced feature's detector; every checkEvery records checks them all. */
  observe(record: Record<string, unknown>): void {
    this.opts.metrics?.boundaryRecords.inc({ boundary: this.opts.boundary });
    for (const [feature, watch] of this.watches) {
      const v = this.valueOf(feature, record[watch.ref.field]);
      if (v !== null) watch.detector.update(v);
    }
    this.records++;
    if (this.records % this.checkEvery === 0) this.checkAll();
  }

  /** One record that failed validation: its fields' violations enter the schema window. */
  observeViolations(violations: Violation[]): void {
    const { boundary } = this.opts;
    this.opts.metrics?.boundaryRecords.inc({ boundary });
    for (const v of violations) this.opts.metrics?.violations.inc({ boundary, field: v.field, rule: v.rule });
    const { reached, cleared } = this.schema.push(violations);
    for (const field of cleared)
      this.opts.sink.resolve(this.labels("SchemaViolation", field, "schema", "input"));
    for (const { field, count, example } of reached) {
      const fired = this.opts.sink.fire(this.labels("SchemaViolation", field, "schema", "input"), {
        summary: `Field '${field}' on boundary '${boundary}' of ${this.opts.system} (unit ${this.opts.unit}) broke rule '${example.rule}' in ${count} of the last ${this.schema.size} records.`,
        rule: example.rule,
        example: example.message,
        count: String(count),
        window: String(this.schema.size),
      });
      if (fired) this.countAlert(fired.labels);
    }
  }

  /** A record that passed validation: moves the schema window, which can clear a schema alert. */
  observeValid(): void {
    const { cleared } = this.schema.push([]);
    for (const field of cleared)
      this.opts.sink.resolve(this.labels("SchemaViolation", field, "schema", "input"));
  }

  status(): FeatureStatus[] {
    return [...this.watches].map(([feature, w]) => ({
      feature,
      detector: w.detector.name,
      statistic: w.last?.statistic ?? null,
      threshold: w.threshold,
      drift: w.last?.drift ?? false,
    }));
  }

  private checkAll(): void {
    const { boundary, metrics, sink } = this.opts;
    for (const [feature, watch] of this.watches) {
      const result = watch.detector.check();
      // No answer yet (window filling, or a sequential detector restarting): keep the alert state.
      if (!result) continue;
      watch.last = result;
      metrics?.driftStatistic.set({ boundary, feature, detector: watch.detector.name }, result.statistic);
      const labels = this.labels("FeatureDrift", feature, this.opts.anomaly ?? "drift", this.opts.flow);
      if (!result.drift) {
        sink.resolve(labels);
        continue;
      }
      const fired = sink.fire(labels, {
        summary: `Feature '${feature}' on boundary '${boundary}' of ${this.opts.system} (unit ${this.opts.unit}) moved: ${watch.detector.name} statistic ${fmt(result.statistic)} is above its threshold ${fmt(result.threshold)} over the last ${result.n} values.`,
        statistic: String(result.statistic),
        threshold: String(result.threshold),
        detector: watch.detector.name,
        window: String(result.n),
      });
      if (fired) this.countAlert(fired.labels);
    }
  }

  private labels(alertname: string, feature: string, anomaly: Anomaly, flow: Flow): AlertLabels {
    const { system, unit, boundary } = this.opts;
    return { alertname, system, unit, boundary, feature, anomaly, flow, severity: "warning" };
  }

  private countAlert(labels: AlertLabels): void {
    this.opts.metrics?.alertsFired.inc({
      alertname: labels.alertname,
      boundary: labels.boundary,
      anomaly: labels.anomaly,
    });
  }
}
