import { describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import { AlertSink } from "./alerts.ts";
import { InvariantMonitor } from "./invariant.ts";

describe("the business-invariant monitor", () => {
  it("fires once three recent answers break the rule, and resolves when the window is clean", () => {
    const sink = new AlertSink({ receiver: "t", clock: fakeClock(0) });
    const m = new InvariantMonitor({
      system: "s",
      unit: "u",
      boundary: "answer",
      feature: "decision",
      sink,
      window: 10,
    });
    m.observe("go where the rules say no-go");
    m.observe(null);
    m.observe("go where the rules say no-go");
    expect(sink.all()).toEqual([]);
    m.observe("go where the rules say move-indoors");
    expect(sink.firing().map((a) => a.labels)).toEqual([
      expect.objectContaining({
        alertname: "BusinessRuleViolation",
        anomaly: "rules",
        boundary: "answer",
        feature: "decision",
      }),
    ]);
    for (let i = 0; i < 10; i++) m.observe(null);
    expect(sink.firing()).toEqual([]);
  });
});
