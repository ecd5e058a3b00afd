import type { AlertLabels } from "../protocol/index.ts";
import type { GuardReason } from "../task.ts";
import type { AlertSink } from "./alerts.ts";
import { SlidingWindow } from "./detectors/window.ts";
import { MonitorError } from "./errors.ts";
import type { UnitMetrics } from "./metrics.ts";

export interface ValidityMonitorOptions {
  system: string;
  unit: string;
  /** The data flow the engine's outputs arrive on, e.g. "engine->logic". */
  boundary: string;
  sink: AlertSink;
  metrics?: UnitMetrics;
  /** Outputs in the window; default 100. */
  window?: number;
  /** Outputs needed before judging; default 20. */
  minCount?: number;
  /** Largest share of refused outputs that is still healthy; default 0.05. */
  maxShare?: number;
}

/**
 * Watches whether the engine's outputs are usable where the logic receives them: the share the
 * guard refuses (NaN, out of range, an unknown label) over the last outputs. A drift monitor sees
 * a distribution, not a NaN or a label outside its categories as such; this one says it plainly.
 * A prediction that never came ("unavailable") is no output at all: the call monitors watch that.
 */
export class ValidityMonitor {
  private readonly outputs: SlidingWindow<GuardReason | null>;
  private readonly minCount: number;
  private readonly maxShare: number;

  constructor(private readonly o: ValidityMonitorOptions) {
    this.outputs = new SlidingWindow(o.window ?? 100);
    this.minCount = o.minCount ?? 20;
    this.maxShare = o.maxShare ?? 0.05;
    if (this.minCount > this.outputs.capacity)
      throw new MonitorError(
        `minCount (${this.minCount}) cannot exceed the window (${this.outputs.capacity})`,
      );
  }

  /** `guard`: why the guard refused the engine's output, or null when it passed. */
  observe(guard: GuardReason | null): void {
    if (guard === "unavailable" || guard === "contract") return;
    this.outputs.push(guard);
    const values = this.outputs.values();
    if (values.length < this.minCount) return;
    const refused = values.filter((g): g is GuardReason => g !== null);
    const share = refused.length / values.length;
    // One alert per boundary whatever the reason, so a mix of reasons is one symptom, not several.
    const labels: AlertLabels = {
      alertname: "InvalidOutputs",
      system: this.o.system,
      unit: this.o.unit,
      boundary: this.o.boundary,
      feature: "validity",
      anomaly: "invalid",
      flow: "output",
      severity: "critical",
    };
    if (share <= this.maxShare) {
      this.o.sink.resolve(labels);
      return;
    }
    const reasons = [...new Set(refused)].sort();
    const fired = this.o.sink.fire(labels, {
      summary: `The guard refused ${refused.length} of the last ${values.length} engine outputs on '${this.o.boundary}' (${(share * 100).toFixed(0)}%, limit ${(this.maxShare * 100).toFixed(0)}%): ${reasons.join(", ")}.`,
      share: String(share),
      limit: String(this.maxShare),
      window: String(values.length),
      reasons: reasons.join(","),
    });
    if (fired)
      this.o.metrics?.alertsFired.inc({
        alertname: labels.alertname,
        boundary: labels.boundary,
        anomaly: labels.anomaly,
      });
  }
}
