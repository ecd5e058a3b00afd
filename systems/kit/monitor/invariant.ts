import type { AlertLabels } from "../protocol/index.ts";
import type { AlertSink } from "./alerts.ts";
import { SlidingWindow } from "./detectors/window.ts";
import type { UnitMetrics } from "./metrics.ts";

export interface InvariantMonitorOptions {
  system: string;
  unit: string;
  boundary: string;
  /** What the invariant is about, e.g. "decision". */
  feature: string;
  sink: AlertSink;
  metrics?: UnitMetrics;
  /** Answers in the window; default 100. */
  window?: number;
  /** Broken answers in the window that raise the alert; default 3. */
  minViolations?: number;
}

/**
 * Watches a business invariant on the answers a system gives (a rule the task states, checked by
 * code apart from the logic that should keep it): alarms once enough recent answers break it,
 * resolves when the window is clean again.
 */
export class InvariantMonitor {
  private readonly answers: SlidingWindow<string | null>;

  constructor(private readonly o: InvariantMonitorOptions) {
    this.answers = new SlidingWindow(o.window ?? 100);
  }

  /** `violation`: a sentence saying how the answer broke the invariant, or null when it kept it. */
  observe(violation: string | null): void {
    this.answers.push(violation);
    const broken = this.answers.values().filter((v): v is string => v !== null);
    const labels: AlertLabels = {
      alertname: "BusinessRuleViolation",
      system: this.o.system,
      unit: this.o.unit,
      boundary: this.o.boundary,
      feature: this.o.feature,
      anomaly: "rules",
      flow: "answer",
      severity: "critical",
    };
    if (broken.length === 0) {
      this.o.sink.resolve(labels);
      return;
    }
    if (broken.length < (this.o.minViolations ?? 3)) return;
    const fired = this.o.sink.fire(labels, {
      summary: `${broken.length} of the last ${this.answers.size} answers break a business rule, e.g. ${broken.at(-1)}`,
      count: String(broken.length),
      window: String(this.answers.size),
      example: broken.at(-1) ?? "",
    });
    if (fired)
      this.o.metrics?.alertsFired.inc({
        alertname: labels.alertname,
        boundary: labels.boundary,
        anomaly: "rules",
      });
  }
}
