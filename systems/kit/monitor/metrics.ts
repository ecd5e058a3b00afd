import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface UnitMetrics {
  registry: Registry;
  /** {route, method, status} */
  httpRequests: Counter;
  /** seconds, {route, method, status} */
  httpDuration: Histogram;
  /** {boundary} */
  boundaryRecords: Counter;
  /** {boundary, field, rule} */
  violations: Counter;
  /** {boundary, feature, detector} */
  driftStatistic: Gauge;
  /** {boundary, feature, detector} */
  driftThreshold: Gauge;
  /** {alertname, boundary, anomaly} */
  alertsFired: Counter;
  /** seconds, {boundary, target} */
  callDuration: Histogram;
  /** {boundary, target} */
  callErrors: Counter;
  /** {label} */
  predictions: Counter;
  /** {reason} */
  outputGuard: Counter;
}

/** Latency buckets from 1 ms to 10 s: fast local calls and slowed-down dependencies (infra.db) both resolve. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One fresh registry per unit, never prom-client's global one, so several units (and tests) can
 * live in one process without clashing metric names.
 */
export function createMetrics(labels: { system: string; unit: string }): UnitMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ system: labels.system, unit: labels.unit });
  collectDefaultMetrics({ register: registry, prefix: "archdrill_" });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "archdrill_http_requests_total",
      help: "HTTP requests served",
      labelNames: ["route", "method", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "archdrill_http_request_duration_seconds",
      help: "HTTP request duration in seconds",
      labelNames: ["route", "method", "status"],
      buckets: SECONDS,
      registers,
    }),
    boundaryRecords: new Counter({
      name: "archdrill_boundary_records_total",
      help: "Records observed on a monitored boundary",
      labelNames: ["boundary"],
      registers,
    }),
    violations: new Counter({
      name: "archdrill_schema_violations_total",
      help: "Schema contract violations seen on a boundary",
      labelNames: ["boundary", "field", "rule"],
      registers,
    }),
    driftStatistic: new Gauge({
      name: "archdrill_drift_statistic",
      help: "Latest drift statistic of a feature on a boundary",
      labelNames: ["boundary", "feature", "detector"],
      registers,
    }),
    driftThreshold: new Gauge({
      name: "archdrill_drift_threshold",
      help: "Calibrated drift threshold of a feature on a boundary",
      labelNames: ["boundary", "feature", "detector"],
      registers,
    }),
    alertsFired: new Counter({
      name: "archdrill_alerts_fired_total",
      help: "Alerts fired",
      labelNames: ["alertname", "boundary", "anomaly"],
      registers,
    }),
    callDuration: new Histogram({
      name: "archdrill_call_duration_seconds",
      help: "Duration of calls to a dependency in seconds",
      labelNames: ["boundary", "target"],
      buckets: SECONDS,
      registers,
    }),
    callErrors: new Counter({
      name: "archdrill_call_errors_total",
      help: "Failed calls to a dependency",
      labelNames: ["boundary", "target"],
      registers,
    }),
    predictions: new Counter({
      name: "archdrill_predictions_total",
      help: "Predictions served, by predicted label",
      labelNames: ["label"],
      registers,
    }),
    outputGuard: new Counter({
      name: "archdrill_output_guard_total",
      help: "Outputs held back by the output guard, by reason",
      labelNames: ["reason"],
      registers,
    }),
  };
}
