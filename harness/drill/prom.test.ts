import { describe, expect, it } from "vitest";
import { parseMetrics } from "./prom.ts";

describe("parseMetrics", () => {
  it("keeps the system's series, marks counters, and drops buckets, runtime internals, the harness's polls and identity labels", () => {
    const text = [
      "# HELP archdrill_http_requests_total requests",
      "# TYPE archdrill_http_requests_total counter",
      'archdrill_http_requests_total{system="s",unit="app",route="/api/predict",status="200"} 42',
      'archdrill_drift_statistic{unit="app",boundary="request",feature="petal_length"} 0.125',
      'archdrill_http_request_duration_seconds_bucket{le="0.1"} 3',
      'archdrill_http_request_duration_seconds_count{route="/api/predict"} 42',
      'archdrill_http_requests_total{route="/metrics",status="200"} 9',
      "archdrill_nodejs_eventloop_lag_seconds 0.01",
      "archdrill_process_cpu_seconds_total 1.5",
      "not a metric line",
    ].join("\n");
    expect(parseMetrics(text)).toEqual([
      {
        key: 'archdrill_http_requests_total{route="/api/predict",status="200"}',
        name: "archdrill_http_requests_total",
        value: 42,
        counter: true,
      },
      {
        key: 'archdrill_drift_statistic{boundary="request",feature="petal_length"}',
        name: "archdrill_drift_statistic",
        value: 0.125,
        counter: false,
      },
      {
        key: "archdrill_process_cpu_seconds_total",
        name: "archdrill_process_cpu_seconds_total",
        value: 1.5,
        counter: true,
      },
    ]);
  });
});
