import { quantileSorted } from "simple-statistics";
import type { AlertLabels, Anomaly } from "../protocol/index.ts";
import type { AlertSink } from "./alerts.ts";
import { SlidingWindow } from "./detectors/window.ts";
import { MonitorError } from "./errors.ts";
import type { UnitMetrics } from "./metrics.ts";

export interface CallMonitorOptions {
  system: string;
  unit: string;
  boundary: string;
  /** The dependency's name, used as the feature label, e.g. "sqlite" or "bundle". */
  target: string;
  /**
   * What is called: a store (database, lake), another unit, or the unit itself by its clients (the
   * requests it serves at its public boundary); the alerts' flow label.
   */
  targetKind: "store" | "unit" | "service";
  /** Which alerts it raises; default both. */
  watch?: { errors: boolean; latency: boolean };
  sink: AlertSink;
  metrics?: UnitMetrics;
  /** Calls in the sliding window; default 50. */
  window?: number;
  /** Default 0.2. */
  maxErrorRate?: number;
  /** Calls needed before judging; default 5. */
  minCalls?: number;
  /** Default 250. */
  maxP95Ms?: number;
}

export interface CallStatus {
  calls: number;
  errorRate: number;
  /** NaN where latency is not watched. */
  p95Ms: number;
  errors: boolean;
  latency: boolean;
}

interface Call {
  durationMs: number;
  ok: boolean;
}

/**
 * Watches a boundary that is a call to a dependency (database, another unit over HTTP): error share
 * and p95 latency over the last calls. Both alerts resolve as soon as the window is healthy again.
 */
export class CallMonitor {
  private readonly calls: SlidingWindow<Call>;
  private readonly maxErrorRate: number;
  private readonly minCalls: number;
  private readonly maxP95Ms: number;
  private last: CallStatus = { calls: 0, errorRate: 0, p95Ms: 0, errors: false, latency: false };
  /** Failed calls in the window, and its durations in order: kept as calls come and go, never rebuilt. */
  private failed = 0;
  private readonly sorted: number[] = [];
  private readonly watch: { errors: boolean; latency: boolean };
  private readonly alertLabels: { errors: AlertLabels; latency: AlertLabels };

  constructor(private readonly opts: CallMonitorOptions) {
    this.calls = new SlidingWindow<Call>(opts.window ?? 50);
    this.maxErrorRate = opts.maxErrorRate ?? 0.2;
    this.minCalls = opts.minCalls ?? 5;
    this.maxP95Ms = opts.maxP95Ms ?? 250;
    this.watch = opts.watch ?? { errors: true, latency: true };
    const name = opts.targetKind === "service" ? "Service" : "Dependency";
    // Frozen: the alert sink computes their fingerprints once.
    this.alertLabels = {
      errors: Object.freeze(this.labels(`${name}Errors`, "errors", "critical")),
      latency: Object.freeze(this.labels(`${name}Latency`, "latency", "warning")),
    };
    if (this.minCalls > this.calls.capacity) {
      throw new MonitorError(`minCalls (${this.minCalls}) cannot exceed the window (${this.calls.capacity})`);
    }
  }

  observe(durationMs: number, ok: boolean): void {
    const { boundary, target, metrics } = this.opts;
    const duration = Number.isFinite(durationMs) && durationMs >= 0 ? durationMs : 0;
    metrics?.callDuration.observe({ boundary, target }, duration / 1000);
    if (!ok) metrics?.callErrors.inc({ boundary, target });
    const evicted = this.calls.push({ durationMs: duration, ok });
    if (!ok) this.failed++;
    if (evicted && !evicted.ok) this.failed--;
    if (this.watch.latency) {
      if (evicted) this.sorted.splice(sortedIndex(this.sorted, evicted.durationMs), 1);
      this.sorted.splice(sortedIndex(this.sorted, duration), 0, duration);
    }
    this.evaluate();
  }

  status(): CallStatus {
    return { ...this.last };
  }

  private evaluate(): void {
    const n = this.calls.size;
    const failed = this.failed;
    const errorRate = failed / n;
    const watch = this.watch;
    const p95Ms = watch.latency ? quantileSorted(this.sorted, 0.95) : Number.NaN;
    const judged = n >= this.minCalls;
    const errors = judged && errorRate > this.maxErrorRate;
    const latency = judged && p95Ms > this.maxP95Ms;
    this.last = { calls: n, errorRate, p95Ms, errors, latency };
    if (!judged) return;
    const what = this.opts.targetKind === "service" ? "requests answered" : `calls to '${this.opts.target}'`;
    if (watch.errors)
      this.toggle(
        errors,
        this.alertLabels.errors,
        () =>
          `${failed} of the last ${n} ${what} failed (${(errorRate * 100).toFixed(0)}%, limit ${(this.maxErrorRate * 100).toFixed(0)}%).`,
        () => ({ errorRate: String(errorRate), limit: String(this.maxErrorRate), window: String(n) }),
      );
    if (watch.latency)
      this.toggle(
        latency,
        this.alertLabels.latency,
        () => `p95 latency of the last ${n} ${what} is ${p95Ms.toFixed(1)} ms (limit ${this.maxP95Ms} ms).`,
        () => ({ p95Ms: String(p95Ms), limit: String(this.maxP95Ms), window: String(n) }),
      );
  }

  /** The summary and figures are built only when an alert fires (most calls change nothing). */
  private toggle(
    bad: boolean,
    labels: AlertLabels,
    summary: () => string,
    extra: () => Record<string, string>,
  ): void {
    if (!bad) {
      this.opts.sink.resolve(labels);
      return;
    }
    if (this.opts.sink.isFiring(labels)) return;
    const fired = this.opts.sink.fire(labels, {
      summary: `${this.opts.targetKind === "service" ? "Service" : "Dependency"} on boundary '${this.opts.boundary}': ${summary()}`,
      ...extra(),
    });
    if (fired) {
      this.opts.metrics?.alertsFired.inc({
        alertname: labels.alertname,
        boundary: labels.boundary,
        anomaly: labels.anomaly,
      });
    }
  }

  private labels(alertname: string, anomaly: Anomaly, severity: AlertLabels["severity"]): AlertLabels {
    const { system, unit, boundary, target, targetKind } = this.opts;
    return { alertname, system, unit, boundary, feature: target, anomaly, flow: targetKind, severity };
  }
}

/** Where `x` goes in an ascending array (the first index whose value is not below it). */
function sortedIndex(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
