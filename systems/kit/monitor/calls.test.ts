import { quantile } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import { rng } from "../random.ts";
import { AlertSink } from "./alerts.ts";
import { CallMonitor } from "./calls.ts";
import { createMetrics } from "./metrics.ts";
import { metricValue } from "./testing.ts";

function setup() {
  const sink = new AlertSink({ receiver: "test", clock: fakeClock() });
  const metrics = createMetrics({ system: "regression/proposed", unit: "logic" });
  const monitor = new CallMonitor({
    system: "regression/proposed",
    unit: "logic",
    boundary: "db",
    target: "sqlite",
    targetKind: "store",
    sink,
    metrics,
    window: 20,
  });
  return { sink, metrics, monitor };
}

describe("CallMonitor", () => {
  it("keeps the error share and p95 of its window as they would be recomputed from the last calls", () => {
    const { monitor } = setup();
    const random = rng("calls-incremental");
    const calls: { ms: number; ok: boolean }[] = [];
    for (let i = 0; i < 500; i++) {
      // Repeated durations too: the window must drop the evicted one, not any equal one.
      const ms = random() < 0.3 ? 5 : Math.round(random() * 400);
      const ok = random() > 0.15;
      monitor.observe(ms, ok);
      calls.push({ ms, ok });
      const window = calls.slice(-20);
      const s = monitor.status();
      expect(s.calls).toBe(window.length);
      expect(s.errorRate).toBeCloseTo(window.filter((c) => !c.ok).length / window.length, 12);
      expect(s.p95Ms).toBe(
        quantile(
          window.map((c) => c.ms),
          0.95,
        ),
      );
    }
  });

  it("fires DependencyErrors when the error share passes the limit and resolves when calls succeed again", () => {
    const { sink, monitor } = setup();
    for (let i = 0; i < 20; i++) monitor.observe(5, true);
    expect(sink.all()).toEqual([]);
    for (let i = 0; i < 5; i++) monitor.observe(5, false);
    const [alert] = sink.firing();
    expect(alert.labels).toMatchObject({
      alertname: "DependencyErrors",
      anomaly: "errors",
      feature: "sqlite",
      boundary: "db",
    });
    expect(monitor.status().errors).toBe(true);
    for (let i = 0; i < 5; i++) monitor.observe(5, false);
    expect(sink.stats().fired).toBe(1);
    for (let i = 0; i < 20; i++) monitor.observe(5, true);
    expect(sink.firing()).toEqual([]);
    expect(sink.stats().resolved).toBe(1);
  });

  it("waits for the minimum number of calls before judging", () => {
    const { sink, monitor } = setup();
    for (let i = 0; i < 4; i++) monitor.observe(900, false);
    expect(sink.all()).toEqual([]);
    monitor.observe(900, false);
    expect(
      sink
        .firing()
        .map((a) => a.labels.alertname)
        .sort(),
    ).toEqual(["DependencyErrors", "DependencyLatency"]);
  });

  it("fires DependencyLatency when the p95 passes the limit and resolves when fast again", () => {
    const { sink, monitor } = setup();
    for (let i = 0; i < 20; i++) monitor.observe(i < 19 ? 10 : 400, true);
    expect(sink.all()).toEqual([]);
    for (let i = 0; i < 3; i++) monitor.observe(400, true);
    expect(sink.firing().map((a) => a.labels.anomaly)).toEqual(["latency"]);
    expect(monitor.status().p95Ms).toBe(400);
    for (let i = 0; i < 20; i++) monitor.observe(10, true);
    expect(sink.firing()).toEqual([]);
  });

  it("records call durations and errors as metrics", async () => {
    const { metrics, monitor } = setup();
    monitor.observe(20, true);
    monitor.observe(30, false);
    const text = await metrics.registry.metrics();
    const labels = { boundary: "db", target: "sqlite", system: "regression/proposed", unit: "logic" };
    expect(metricValue(text, "archdrill_call_duration_seconds_count", labels)).toBe(2);
    expect(metricValue(text, "archdrill_call_duration_seconds_sum", labels)).toBeCloseTo(0.05);
    expect(metricValue(text, "archdrill_call_errors_total", labels)).toBe(1);
  });
});
