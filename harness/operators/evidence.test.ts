import { describe, expect, it } from "vitest";
import type { Alert } from "../../systems/kit/protocol/index.ts";
import { alert, surface, weigh } from "./auto-fixture.ts";
import { onsetOf, severityOf, symptoms } from "./evidence.ts";

describe("the runbook's evidence", () => {
  it("blames the schema when requests break the contract, at the unit, flow and feature its alert names", () => {
    expect(weigh([alert({ anomaly: "schema", feature: "temp_max", unit: "logic" })])[0]).toMatchObject({
      part: "ml",
      cause: "schema",
      unit: "logic",
      flow: "input",
      feature: "temp_max",
    });
  });

  it("states the onset as the earliest request a showing alert names, and the worst alert's severity", () => {
    const fired = (
      trigger: string,
      severity: "warning" | "critical",
      anomaly: Alert["labels"]["anomaly"],
    ) => {
      const a = alert({ severity, anomaly });
      a.alert.annotations = { trigger };
      return a;
    };
    const alerts = [
      fired("r310", "warning", "drift"),
      fired("r305", "critical", "accuracy"),
      fired("", "warning", "rules"),
    ];
    const s = surface({ units: [], modelUnit: "a", logicUnit: "a", alerts }, []);
    const showing = symptoms(s);
    expect(onsetOf(s, showing)).toBe(305);
    expect(severityOf(showing)).toBe("critical");
    expect(
      onsetOf(s, symptoms(surface({ units: [], modelUnit: "a", logicUnit: "a", alerts: [] }, []))),
    ).toBeNull();
    expect(severityOf([])).toBeUndefined();
  });

  it("blames the infrastructure when the database is slow", () => {
    const ranked = weigh([alert({ anomaly: "latency", feature: "orders", boundary: "db", flow: "store" })]);
    expect(ranked[0]).toMatchObject({ part: "infra", cause: "infrastructure" });
  });

  it("reads what a slow dependency is from the alert's flow, not from its feature's name", () => {
    const scores = (flow: "store" | "unit") =>
      weigh([alert({ anomaly: "latency", feature: "sqlite", boundary: "x", flow })]).map((x) => [
        `${x.part}/${x.cause}`,
        x.score,
      ]);
    expect(scores("store")).toEqual([["infra/infrastructure", 3]]);
    expect(scores("unit")).toEqual([
      ["infra/infrastructure", 1.5],
      ["ml/release", 1],
    ]);
  });

  it("reads a service's refused requests as a changed payload and its failing ones as the infrastructure", () => {
    const top = (feature: string) =>
      weigh([alert({ anomaly: "errors", flow: "service", boundary: "request", feature })])[0];
    expect(top("4xx")).toMatchObject({ part: "ml", cause: "schema" });
    expect(top("5xx")).toMatchObject({ part: "infra", cause: "infrastructure" });
    expect(top("something else")).toBeUndefined();
  });

  it("reads vectors that moved while their inputs did not as the processing, and with drifting inputs as the trend", () => {
    const skew = () =>
      alert({ anomaly: "skew", flow: "vector", boundary: "processing->engine", feature: "wind" });
    expect(weigh([skew()])[0]).toMatchObject({ part: "ml", cause: "processing", feature: "wind" });
    expect(weigh([skew(), alert({ feature: "wind" })])[0]).toMatchObject({ part: "ml", cause: "trend" });
  });

  it("reads outputs that moved while nothing upstream did as the engine", () => {
    const out = () =>
      alert({ anomaly: "drift", flow: "output", boundary: "engine->logic", feature: "confidence" });
    expect(weigh([out()])[0]).toMatchObject({ part: "ml", cause: "engine" });
    const skewed = weigh([out(), alert({ anomaly: "skew", flow: "vector", feature: "wind" })]);
    expect(skewed.find((x) => x.cause === "engine")).toBeUndefined();
  });

  it("reads outputs the logic's guard refuses as the engine first, a release second, where the alert showed", () => {
    const ranked = weigh([
      alert({
        anomaly: "invalid",
        flow: "output",
        boundary: "engine->logic",
        feature: "validity",
        unit: "logic",
      }),
    ]);
    expect(ranked.map((x) => [`${x.part}/${x.cause}`, x.score])).toEqual([
      ["ml/engine", 3],
      ["ml/release", 1],
    ]);
    expect(ranked[0]).toMatchObject({ unit: "logic", flow: "output", feature: "validity" });
  });

  it("reads an input's drift as a trend and ignores resolved alerts", () => {
    const resolved = alert({ anomaly: "schema" });
    resolved.alert.status = "resolved";
    expect(weigh([alert({ feature: "temp_max" }), resolved])[0]).toMatchObject({
      part: "ml",
      cause: "trend",
    });
  });

  it("counts a kind of symptom once, however many monitors show it", () => {
    const one = weigh([alert({ feature: "temp_max" })]);
    const many = weigh(
      ["temp_max", "temp_min", "wind", "precipitation"].flatMap((f) => [
        alert({ feature: f, boundary: "request" }),
        alert({ feature: f, boundary: "logic->processing", unit: "bundle" }),
      ]),
    );
    expect(many.map((s) => [s.part, s.cause, s.score])).toEqual(one.map((s) => [s.part, s.cause, s.score]));
  });

  it("takes an alert that resolved and fired again as showing now, since its first firing", () => {
    const first = alert({ feature: "wind" }, 100);
    const cleared = { ...first, atMs: 200, alert: { ...first.alert, status: "resolved" as const } };
    const again = { ...first, atMs: 300, alert: { ...first.alert, status: "firing" as const } };
    const found = symptoms(
      surface({ units: [], modelUnit: "a", logicUnit: "a", alerts: [first, cleared, again] }, []),
    );
    expect(found).toEqual([expect.objectContaining({ kind: "input-drift", sinceMs: 300 })]);
  });
});
