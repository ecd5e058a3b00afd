import { describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import type { GuardReason } from "../task.ts";
import { AlertSink } from "./alerts.ts";
import { createMetrics } from "./metrics.ts";
import { metricValue } from "./testing.ts";
import { ValidityMonitor } from "./validity.ts";

function setup() {
  const sink = new AlertSink({ receiver: "t", clock: fakeClock(0) });
  const metrics = createMetrics({ system: "s", unit: "logic" });
  const monitor = new ValidityMonitor({
    system: "s",
    unit: "logic",
    boundary: "engine->logic",
    sink,
    metrics,
    window: 20,
    minCount: 10,
    maxShare: 0.1,
  });
  const observe = (n: number, guard: GuardReason | null) => {
    for (let i = 0; i < n; i++) monitor.observe(guard);
  };
  return { sink, metrics, observe };
}

describe("the engine output validity monitor", () => {
  it("fires once when the share the guard refuses passes the limit, and resolves when it falls back", async () => {
    const { sink, metrics, observe } = setup();
    observe(18, null);
    observe(2, "invalid-confidence");
    // 2 of 20 is the limit itself: still healthy.
    expect(sink.all()).toEqual([]);
    observe(1, "invalid-label");
    expect(sink.firing().map((a) => a.labels)).toEqual([
      {
        alertname: "InvalidOutputs",
        system: "s",
        unit: "logic",
        boundary: "engine->logic",
        feature: "validity",
        anomaly: "invalid",
        flow: "output",
        severity: "critical",
      },
    ]);
    expect(sink.firing()[0].annotations.reasons).toBe("invalid-confidence,invalid-label");
    observe(5, "invalid-value");
    expect(sink.stats().fired).toBe(1);
    const text = await metrics.registry.metrics();
    expect(
      metricValue(text, "archdrill_alerts_fired_total", { alertname: "InvalidOutputs", anomaly: "invalid" }),
    ).toBe(1);
    // Valid outputs push the refused ones out of the window: 3 of the last 20 still fire, 2 do not.
    observe(17, null);
    expect(sink.firing()).toHaveLength(1);
    observe(1, null);
    expect(sink.firing()).toEqual([]);
    expect(sink.stats().resolved).toBe(1);
  });

  it("does not judge before the minimum number of outputs, however many are refused", () => {
    const { sink, observe } = setup();
    observe(9, "invalid-value");
    expect(sink.all()).toEqual([]);
    observe(1, "invalid-value");
    expect(sink.firing().map((a) => a.labels.anomaly)).toEqual(["invalid"]);
  });

  it("ignores predictions that never came: an unavailable engine is a failing call, not an invalid output", () => {
    const { sink, observe } = setup();
    observe(30, "unavailable");
    expect(sink.all()).toEqual([]);
    // Nor do they count as outputs: 2 refused of 10 real ones is over the limit.
    observe(8, null);
    observe(2, "invalid-confidence");
    expect(sink.firing().map((a) => a.labels.anomaly)).toEqual(["invalid"]);
  });
});
