import { describe, expect, it } from "vitest";
import { detection, distinctAlerts } from "./detection.ts";
import { alert, injection, reqs, trialRecord } from "./testing.ts";

// Requests 0..399 every 10 ms from t = 0; the fault is injected at request 200, t = 2000 ms.
const traffic = reqs(0, 400, 0, 10);
const inj = injection(2000, 200);
const drift = { alertname: "FeatureDrift", feature: "x1" };
const schema = { alertname: "SchemaViolation", feature: "petal_length" };

describe("detection", () => {
  it("counts distinct pre-injection alerts per 10k requests and times the first alert after injection", () => {
    const records = [
      trialRecord(),
      ...traffic,
      alert(500, 50, drift, "t1"), // false alarm 1
      alert(700, 70, drift, "t1"), // the same firing seen again: not counted
      alert(1200, 120, { alertname: "FeatureDrift", feature: "x2" }, "t2"), // false alarm 2
      inj,
      alert(2100, 210, drift, "t1"), // false alarm 1 still firing: not a detection
      alert(2350, 235, schema, "t3"), // the detection
      alert(2400, 240, schema, "t3"),
    ];
    // 2 false alarms / 200 requests before the injection * 10 000 = 100
    // ttd = 2350 - 2000 = 350 ms, 235 - 200 = 35 requests
    expect(detection(records)).toMatchObject({
      ttd_ms: 350,
      ttd_requests: 35,
      silent: false,
      false_alarms_per_10k: 100,
    });
  });

  it("deduplicates by alertname, boundary, feature and unit, not by other labels", () => {
    const records = [
      alert(100, 10, { ...drift, severity: "warning" }, "t1"),
      alert(150, 15, { ...drift, severity: "critical" }, "t1"),
      alert(160, 16, { ...drift, unit: "logic" }, "t1"),
      alert(170, 17, { ...drift, boundary: "engine->logic" }, "t1"),
    ];
    // first two are one alert; a different unit or boundary is another alert: 3 in all
    expect(distinctAlerts(records).map((a) => a.at_ms)).toEqual([100, 160, 170]);
  });

  it("takes delivery over firings only: a resolution, or a firing's repeat in an older journal, is no delivery", () => {
    const fired = (at: number, status?: "firing" | "resolved") => ({
      ...alert(at, 0, drift, "t1"),
      fired_ms: 100,
      delivery_ms: at - 100,
      ...(status ? { status } : {}),
    });
    const other = {
      ...alert(300, 0, schema, "t2"),
      fired_ms: 296,
      delivery_ms: 4,
      status: "firing" as const,
    };
    // With status: the resolution 3 s later carries the firing's stamp; its delivery is null when journaled
    // today, and is left out when an older writer gave it one.
    expect(detection([fired(103, "firing"), fired(3100, "resolved"), other]).alert_delivery_p95_ms).toBe(4);
    // Without status (older journals): the first receipt of each firing is its firing event.
    const old = [fired(102), fired(3100), { ...other, status: undefined }];
    expect(detection(old).alert_delivery_p95_ms).toBe(4);
    expect(detection([fired(102), fired(3100)]).alert_delivery_p95_ms).toBe(2);
  });

  it("counts an alert seen exactly at the injection time as detection", () => {
    const records = [...traffic, inj, alert(2000, 200, schema)];
    expect(detection(records)).toMatchObject({ ttd_ms: 0, ttd_requests: 0, silent: false });
  });

  it("counts a false alarm that resolved and fired again after the injection as detection", () => {
    const records = [...traffic, alert(300, 30, drift, "t1"), inj, alert(2600, 260, drift, "t9")];
    // 1 false alarm / 200 requests * 10 000 = 50; ttd = 600 ms, 60 requests
    expect(detection(records)).toMatchObject({
      ttd_ms: 600,
      ttd_requests: 60,
      silent: false,
      false_alarms_per_10k: 50,
    });
  });

  it("calls a trial silent when no alert came after the injection", () => {
    const records = [...traffic, alert(900, 90, drift, "t1"), inj, alert(2500, 250, drift, "t1")];
    // the only alert fired before the injection and kept firing: 1 / 200 * 10 000 = 50
    expect(detection(records)).toMatchObject({
      ttd_ms: null,
      ttd_requests: null,
      silent: true,
      false_alarms_per_10k: 50,
    });
  });

  it("reads the first alert by time even when the journal holds alerts out of order", () => {
    const records = [...traffic, inj, alert(3000, 300, drift, "a"), alert(2200, 220, schema, "b")];
    expect(detection(records)).toMatchObject({ ttd_ms: 200, ttd_requests: 20 });
  });

  it("gives no false-alarm rate when no request came before the injection", () => {
    const records = [injection(0, 0), alert(0, 0, drift), ...traffic];
    expect(detection(records)).toMatchObject({
      ttd_ms: 0,
      ttd_requests: 0,
      silent: false,
      false_alarms_per_10k: 0,
    });
  });

  it("counts every alert as false and the trial as not silent when nothing was injected", () => {
    const records = [trialRecord(), ...reqs(0, 50, 0, 10), alert(100, 10, drift)];
    // 1 alert / 50 requests * 10 000 = 200
    expect(detection(records)).toMatchObject({
      ttd_ms: null,
      ttd_requests: null,
      silent: false,
      false_alarms_per_10k: 200,
    });
  });
});
