import type { AlertLabels } from "../protocol/index.ts";
import type { AlertSink } from "./alerts.ts";
import { SlidingWindow } from "./detectors/window.ts";
import type { UnitMetrics } from "./metrics.ts";

export interface AccuracyMonitorOptions {
  system: string;
  unit: string;
  /** The data flow the outcomes arrive on, e.g. "feedback". */
  boundary: string;
  /** Which release's answers these outcomes judge (one monitor per release). */
  release: string;
  /** Accuracy the release showed on rows it was not fitted on, at training. */
  expected: number;
  sink: AlertSink;
  metrics?: UnitMetrics;
  /** Outcomes in the window; default 100. */
  window?: number;
  /** Outcomes needed before judging; default 40. */
  minCount?: number;
  /** Standard errors below the expected accuracy that count as a drop; default 3. */
  z?: number;
}

/**
 * Watches the share of answers users report as right (the feedback loop the paper's comparative
 * evaluation uses): alarms when a release's windowed accuracy falls more than z binomial standard
 * errors below what it showed at training, so a worse release or a concept shift is seen even
 * when the inputs and the outputs look ordinary.
 */
export class AccuracyMonitor {
  private readonly outcomes: SlidingWindow<boolean>;
  private last: { n: number; accuracy: number; limit: number } = {
    n: 0,
    accuracy: Number.NaN,
    limit: Number.NaN,
  };

  constructor(private readonly o: AccuracyMonitorOptions) {
    this.outcomes = new SlidingWindow<boolean>(o.window ?? 100);
  }

  observe(correct: boolean): void {
    this.outcomes.push(correct);
    const values = this.outcomes.values();
    const n = values.length;
    const accuracy = values.filter(Boolean).length / n;
    const p = this.o.expected;
    const limit = p - (this.o.z ?? 3) * Math.sqrt((p * (1 - p)) / n);
    this.last = { n, accuracy, limit };
    if (n < (this.o.minCount ?? 40)) return;
    const labels: AlertLabels = {
      alertname: "AccuracyDrop",
      system: this.o.system,
      unit: this.o.unit,
      boundary: this.o.boundary,
      feature: "accuracy",
      anomaly: "accuracy",
      flow: "feedback",
      severity: "warning",
      release: this.o.release,
    };
    if (accuracy >= limit) {
      this.o.sink.resolve(labels);
      return;
    }
    const fired = this.o.sink.fire(labels, {
      summary: `Users report ${(accuracy * 100).toFixed(1)}% of the last ${n} answers of ${this.o.release} right; it showed ${(p * 100).toFixed(1)}% at training (limit ${(limit * 100).toFixed(1)}%).`,
      accuracy: String(accuracy),
      expected: String(p),
      limit: String(limit),
      window: String(n),
    });
    if (fired)
      this.o.metrics?.alertsFired.inc({
        alertname: "AccuracyDrop",
        boundary: this.o.boundary,
        anomaly: "accuracy",
      });
  }

  status() {
    return { release: this.o.release, expected: this.o.expected, ...this.last };
  }
}
