import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../systems/kit/clock.ts";
import { requestJson } from "../../systems/kit/http/client.ts";
import { AlertSink, webhookPayload } from "../../systems/kit/monitor/alerts.ts";
import type { AlertLabels } from "../../systems/kit/protocol/index.ts";
import { ControlPlane, type Receipt } from "./control.ts";

const labels: AlertLabels = {
  alertname: "SchemaViolation",
  system: "fake/scripted",
  unit: "fake",
  boundary: "request",
  feature: "temp_max",
  anomaly: "schema",
  flow: "input",
  severity: "warning",
};

describe("the control plane's alert webhook", () => {
  const control = new ControlPlane("token");
  const receipts: Receipt[] = [];
  beforeAll(async () => {
    await control.start();
    control.onAlert((r) => receipts.push(r));
  });
  afterAll(async () => {
    await control.stop();
  });

  it("notes when a post arrived even while the harness's own thread is busy", async () => {
    const sink = new AlertSink({ receiver: "test", clock: systemClock, webhookUrl: control.webhookUrl });
    expect(await sink.warm()).toBe(202);
    const fired = performance.now();
    sink.fire(labels, {});
    // The harness's thread is taken for 150 ms (traffic, the operator's work): the post waits for it here.
    while (performance.now() - fired < 150);
    await sink.close();
    const [r] = receipts.splice(0);
    expect(r.alert.labels).toEqual(labels);
    expect(r.receivedAt - fired).toBeLessThan(100);
    expect(r.at - fired).toBeGreaterThanOrEqual(150);
  });

  it("answers a bad post with a 4xx naming what is wrong, and passes nothing on", async () => {
    const url = control.webhookUrl;
    const ok = webhookPayload([], "test", "http://127.0.0.1/x");
    const bad = await requestJson(url, { body: { ...ok, version: "3" } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { field: "version" } });
    const text = await requestJson(url, { body: "not json" });
    expect(text.status).toBe(400);
    const plain = await fetch(url, { method: "POST", body: "{}", headers: { "content-type": "text/plain" } });
    expect(plain.status).toBe(415);
    const huge = await requestJson(url, { body: { ...ok, receiver: "x".repeat(300_000) } });
    expect(huge.status).toBe(413);
    const elsewhere = await requestJson(url.replace("/webhook", "/other"), { body: ok });
    expect(elsewhere.status).toBe(404);
    expect(receipts).toEqual([]);
  });
});
