import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics.ts";
import { metricValue } from "./testing.ts";

describe("createMetrics", () => {
  it("exposes the archdrill series with system and unit labels", async () => {
    const m = createMetrics({ system: "chatbot/proposed", unit: "bundle" });
    m.httpRequests.inc({ route: "/predict", method: "POST", status: "200" });
    m.httpDuration.observe({ route: "/predict", method: "POST", status: "200" }, 0.012);
    m.predictions.inc({ label: "greeting" });
    m.outputGuard.inc({ reason: "low-confidence" });
    const text = await m.registry.metrics();
    expect(text).toContain(
      'archdrill_http_requests_total{route="/predict",method="POST",status="200",system="chatbot/proposed",unit="bundle"} 1',
    );
    const unit = { system: "chatbot/proposed", unit: "bundle" };
    const route = { ...unit, route: "/predict", method: "POST", status: "200" };
    expect(
      metricValue(text, "archdrill_http_request_duration_seconds_bucket", { ...route, le: "0.01" }),
    ).toBe(0);
    expect(
      metricValue(text, "archdrill_http_request_duration_seconds_bucket", { ...route, le: "0.025" }),
    ).toBe(1);
    expect(text).toContain(
      'archdrill_predictions_total{label="greeting",system="chatbot/proposed",unit="bundle"} 1',
    );
    expect(text).toContain(
      'archdrill_output_guard_total{reason="low-confidence",system="chatbot/proposed",unit="bundle"} 1',
    );
    expect(text).toMatch(
      /archdrill_process_cpu_user_seconds_total\{system="chatbot\/proposed",unit="bundle"\}/,
    );
  });

  it("gives every unit its own registry", async () => {
    const a = createMetrics({ system: "s", unit: "a" });
    const b = createMetrics({ system: "s", unit: "b" });
    a.boundaryRecords.inc({ boundary: "request" }, 3);
    expect(await b.registry.metrics()).not.toMatch(/archdrill_boundary_records_total\{[^}]*\} 3/);
    expect(await a.registry.metrics()).toMatch(
      /archdrill_boundary_records_total\{boundary="request",system="s",unit="a"\} 3/,
    );
  });
});
