import { describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import type { Reference, Violation } from "../features/types.ts";
import { rng } from "../random.ts";
import { AlertSink } from "./alerts.ts";
import { BoundaryMonitor, type BoundaryMonitorOptions } from "./boundary.ts";
import { MonitorError, UnknownDetectorError } from "./errors.ts";
import { createMetrics } from "./metrics.ts";
import { categorical, categoricals, countsOf, metricValue, normal, normals } from "./testing.ts";

const species = { adelie: 0.45, gentoo: 0.35, chinstrap: 0.2 };

function setup(overrides: Partial<BoundaryMonitorOptions> = {}) {
  const random = rng(51);
  const reference: Reference = {
    bill: { field: "bill", kind: "numeric", sample: normals(random, 1000, 44, 5) },
    mass: { field: "mass", kind: "numeric", sample: normals(random, 1000, 4200, 800) },
    species: { field: "species", kind: "categorical", counts: countsOf(categoricals(random, 1000, species)) },
  };
  const clock = fakeClock(Date.UTC(2024, 5, 1));
  const sink = new AlertSink({ receiver: "test", clock });
  const metrics = createMetrics({ system: "classification/three-layer", unit: "app" });
  const monitor = new BoundaryMonitor({
    system: "classification/three-layer",
    unit: "app",
    boundary: "request",
    reference,
    flow: "input",
    seed: 7,
    windowSize: 200,
    checkEvery: 50,
    falseAlarmRate: 0.001,
    sink,
    metrics,
    clock,
    ...overrides,
  });
  const feed = (n: number, billMean = 44) => {
    for (let i = 0; i < n; i++) {
      monitor.observe({
        bill: normal(random, billMean, 5),
        mass: normal(random, 4200, 800),
        species: categorical(random, species),
      });
    }
  };
  return { monitor, sink, metrics, feed };
}

describe("BoundaryMonitor drift", () => {
  it("fires FeatureDrift for the moved feature only, once, and resolves when it moves back", () => {
    const { monitor, sink, feed } = setup();
    feed(1000);
    expect(sink.all()).toEqual([]);

    feed(400, 50);
    const firing = sink.firing();
    expect(firing.map((a) => a.labels.feature)).toEqual(["bill"]);
    expect(firing[0].labels).toMatchObject({
      alertname: "FeatureDrift",
      boundary: "request",
      anomaly: "drift",
      severity: "warning",
    });
    expect(firing[0].annotations.detector).toBe("ks");
    expect(firing[0].annotations.window).toBe("200");
    expect(Number(firing[0].annotations.statistic)).toBeGreaterThan(Number(firing[0].annotations.threshold));
    expect(firing[0].annotations.summary).toMatch(/Feature 'bill' on boundary 'request'/);
    expect(sink.stats().fired).toBe(1);
    expect(monitor.status().find((s) => s.feature === "bill")?.drift).toBe(true);

    feed(400);
    expect(sink.firing()).toEqual([]);
    expect(sink.all().map((a) => a.status)).toEqual(["firing", "resolved"]);
  });

  it("reports status per feature and records statistics and thresholds as metrics", async () => {
    const { monitor, metrics, feed } = setup({ anomaly: "skew" });
    expect(monitor.status().map((s) => [s.feature, s.detector, s.statistic])).toEqual([
      ["bill", "ks", null],
      ["mass", "ks", null],
      ["species", "chi2", null],
    ]);
    feed(200);
    const status = monitor.status();
    expect(status.every((s) => s.statistic !== null && s.threshold > 0)).toBe(true);
    const text = await metrics.registry.metrics();
    const unit = { system: "classification/three-layer", unit: "app", boundary: "request" };
    expect(metricValue(text, "archdrill_boundary_records_total", unit)).toBe(200);
    const speciesStatus = status[2];
    expect(
      metricValue(text, "archdrill_drift_threshold", { ...unit, feature: "species", detector: "chi2" }),
    ).toBeCloseTo(speciesStatus.threshold);
    expect(
      metricValue(text, "archdrill_drift_statistic", { ...unit, feature: "bill", detector: "ks" }),
    ).toBeCloseTo(status[0].statistic ?? -1);
  });

  it("uses precalibrated thresholds and the named detectors", () => {
    const { monitor } = setup({
      thresholds: { bill: 0.5, mass: 0.6, species: 9 },
      detectors: { categorical: "psi" },
    });
    expect(monitor.status().map((s) => [s.detector, s.threshold])).toEqual([
      ["ks", 0.5],
      ["ks", 0.6],
      ["psi", 9],
    ]);
  });

  it("rejects an unknown detector and one that takes the other kind of value", () => {
    expect(() => setup({ detectors: { numeric: "adwin" } })).toThrow(UnknownDetectorError);
    expect(() => setup({ detectors: { numeric: "chi2" } })).toThrow(MonitorError);
  });

  it("maps raw values through the value option before the detectors see them", () => {
    const { monitor, sink } = setup({
      thresholds: { bill: 0.3, mass: 0.3, species: 50 },
      // A rescale fault sends millimetres as centimetres: the mapping undoes it.
      value: (field, raw) =>
        field === "bill" && typeof raw === "number"
          ? raw * 10
          : typeof raw === "number" || typeof raw === "string"
            ? raw
            : null,
    });
    const random = rng(9);
    for (let i = 0; i < 200; i++) {
      monitor.observe({
        bill: normal(random, 4.4, 0.5),
        mass: normal(random, 4200, 800),
        species: categorical(random, species),
      });
    }
    expect(sink.all()).toEqual([]);
    expect(monitor.status()[0].statistic).toBeLessThan(0.3);
  });
});

describe("BoundaryMonitor schema", () => {
  const bad = (field: string): Violation => ({
    field,
    rule: "max",
    message: `field '${field}' must be at most 50 (got 71.2)`,
  });

  it("fires SchemaViolation per field once it reaches minViolations within the window", async () => {
    const { monitor, sink, metrics } = setup({ thresholds: { bill: 1, mass: 1, species: 1e9 } });
    monitor.observeViolations([bad("bill")]);
    monitor.observeValid();
    monitor.observeViolations([bad("bill"), bad("mass")]);
    expect(sink.all()).toEqual([]);
    monitor.observeViolations([bad("bill")]);
    const [alert] = sink.firing();
    expect(alert.labels).toMatchObject({
      alertname: "SchemaViolation",
      feature: "bill",
      anomaly: "schema",
      boundary: "request",
    });
    expect(alert.annotations.rule).toBe("max");
    expect(alert.annotations.example).toBe("field 'bill' must be at most 50 (got 71.2)");
    monitor.observeViolations([bad("bill")]);
    expect(sink.stats().fired).toBe(1);
    return metrics.registry.metrics().then((text) => {
      expect(text).toMatch(
        /archdrill_schema_violations_total\{boundary="request",field="bill",rule="max",[^}]*\} 4/,
      );
      expect(text).toMatch(
        /archdrill_alerts_fired_total\{alertname="SchemaViolation",boundary="request",anomaly="schema",[^}]*\} 1/,
      );
    });
  });

  it("does not fire when the violations are spread wider than the window, and resolves once the window is clean", () => {
    const { monitor, sink } = setup({
      thresholds: { bill: 1, mass: 1, species: 1e9 },
      schema: { window: 10, minViolations: 3 },
    });
    for (let i = 0; i < 3; i++) {
      monitor.observeViolations([bad("mass")]);
      for (let j = 0; j < 9; j++) monitor.observeValid();
    }
    expect(sink.all()).toEqual([]);
    for (let i = 0; i < 3; i++) monitor.observeViolations([bad("mass")]);
    expect(sink.firing()).toHaveLength(1);
    for (let j = 0; j < 9; j++) monitor.observeValid();
    expect(sink.firing()).toHaveLength(1);
    monitor.observeValid();
    expect(sink.firing()).toEqual([]);
    expect(sink.all().map((a) => a.status)).toEqual(["firing", "resolved"]);
  });
});
