import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import type { Violation } from "../features/types.ts";
import { unitContext } from "../http/context.ts";
import { WATCHES } from "../monitor/profiles.ts";
import type { Observability } from "../protocol/index.ts";
import { callMonitor, schemaMonitor, serviceMonitor, validityMonitor } from "./monitors.ts";

function ctxFor(observability: Observability) {
  const alertDir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-monitors-"));
  return unitContext({
    system: "regression/three-layer",
    unit: "app",
    alertDir,
    alertWebhook: null,
    observability,
    clock: fakeClock(),
  });
}

const violation: Violation = { field: "temp_max", rule: "required", message: "temp_max is required" };

describe("observability profiles", () => {
  it("give the app profile only watches the distributed one also keeps", () => {
    for (const w of WATCHES.app) expect(WATCHES.distributed).toContain(w);
    expect(WATCHES.distributed.length).toBeGreaterThan(WATCHES.app.length);
  });

  it("leave a contract monitor silent and empty on the app profile, and let it fire on the distributed one", () => {
    for (const profile of ["app", "distributed"] as const) {
      const ctx = ctxFor(profile);
      const m = schemaMonitor(ctx, "request", 1);
      for (let i = 0; i < 10; i++) m.observeViolations([violation]);
      const fired = ctx.alerts.firing().map((a) => a.labels.anomaly);
      expect(fired).toEqual(profile === "app" ? [] : ["schema"]);
    }
  });

  it("watch database calls on both profiles but calls between parts only on the distributed one", () => {
    for (const profile of ["app", "distributed"] as const) {
      const ctx = ctxFor(profile);
      const db = callMonitor(ctx, "db", "sqlite", "store");
      const engine = callMonitor(ctx, "logic->engine", "engine", "unit");
      for (let i = 0; i < 10; i++) {
        db.observe(1, false);
        engine.observe(1, false);
      }
      const boundaries = ctx.alerts
        .firing()
        .map((a) => a.labels.boundary)
        .sort();
      expect(boundaries).toEqual(profile === "app" ? ["db"] : ["db", "logic->engine"]);
    }
  });

  it("watch the share of the engine's outputs the guard refuses only on the distributed profile", () => {
    for (const profile of ["app", "distributed"] as const) {
      const ctx = ctxFor(profile);
      const outputs = validityMonitor(ctx, "engine->logic");
      for (let i = 0; i < 30; i++) outputs.observe("invalid-value");
      const fired = ctx.alerts.firing().map((a) => [a.labels.anomaly, a.labels.flow]);
      expect(fired).toEqual(profile === "app" ? [] : [["invalid", "output"]]);
    }
  });
});

describe("the service monitor", () => {
  it("tells refused requests (4xx) from failed ones (5xx) once 20 answers are in", () => {
    const ctx = ctxFor("app");
    const served = serviceMonitor(ctx, "request");
    for (let i = 0; i < 19; i++) served.observe(2, 422);
    expect(ctx.alerts.firing()).toEqual([]);
    served.observe(2, 422);
    const [alert] = ctx.alerts.firing();
    expect(alert.labels).toMatchObject({
      alertname: "ServiceErrors",
      anomaly: "errors",
      flow: "service",
      feature: "4xx",
      boundary: "request",
    });
    for (let i = 0; i < 50; i++) served.observe(2, 503);
    expect(ctx.alerts.firing().map((a) => a.labels.feature)).toEqual(["5xx"]);
  });

  it("fires on slow answers whatever their status", () => {
    const ctx = ctxFor("app");
    const served = serviceMonitor(ctx, "request");
    for (let i = 0; i < 30; i++) served.observe(900, 200);
    expect(ctx.alerts.firing().map((a) => [a.labels.alertname, a.labels.feature])).toEqual([
      ["ServiceLatency", "answers"],
    ]);
  });
});
