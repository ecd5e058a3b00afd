import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import {
  type AlertLabels,
  AlertSink,
  fingerprint,
  OPEN_END,
  type WebhookPayload,
  webhookPayload,
} from "./alerts.ts";

const labels = (feature: string): AlertLabels => ({
  alertname: "FeatureDrift",
  system: "classification/proposed",
  unit: "bundle",
  boundary: "processing->engine",
  feature,
  anomaly: "drift",
  flow: "vector",
  severity: "warning",
});

describe("AlertSink", () => {
  let dir: string;
  let server: http.Server;
  let url: string;
  const received: WebhookPayload[] = [];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
    received.length = 0;
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push(JSON.parse(body) as WebhookPayload);
        res.writeHead(req.url === "/broken" ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("posts a version 4 webhook payload and writes one log line per event", async () => {
    const clock = fakeClock(Date.UTC(2024, 0, 2, 3, 4, 5));
    const logFile = path.join(dir, "nested", "alerts.jsonl");
    const sink = new AlertSink({ receiver: "operator", clock, webhookUrl: `${url}/hook`, logFile });
    const fired = sink.fire(labels("temp_max"), { summary: "moved" });
    await sink.flush();
    clock.advance(60_000);
    sink.resolve(labels("temp_max"));
    await sink.flush();

    expect(sink.stats()).toEqual({ fired: 1, resolved: 1, delivered: 2, failed: 0 });
    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(first.version).toBe("4");
    expect(first.status).toBe("firing");
    expect(first.receiver).toBe("operator");
    expect(first.groupLabels).toEqual({ alertname: "FeatureDrift" });
    expect(first.groupKey).toBe('{}:{alertname="FeatureDrift"}');
    expect(first.commonLabels).toEqual(labels("temp_max"));
    expect(first.alerts[0]).toEqual(fired);
    expect(first.alerts[0].startsAt).toBe("2024-01-02T03:04:05.000Z");
    expect(first.alerts[0].endsAt).toBe(OPEN_END);
    expect(second.status).toBe("resolved");
    expect(second.alerts[0].endsAt).toBe("2024-01-02T03:05:05.000Z");

    const lines = fs.readFileSync(logFile, "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).status)).toEqual(["firing", "resolved"]);
  });

  it("posts each alert the moment it fires, in the order fired", async () => {
    const sink = new AlertSink({ receiver: "r", clock: fakeClock(), webhookUrl: `${url}/hook` });
    expect(await sink.warm()).toBe(200);
    received.length = 0;
    sink.fire({ ...labels("temp_max"), alertname: "SchemaViolation" }, {});
    sink.fire({ ...labels("tmax"), alertname: "SchemaViolation" }, {});
    await sink.flush();
    expect(received.map((p) => p.alerts.map((a) => a.labels.feature))).toEqual([["temp_max"], ["tmax"]]);
    expect(sink.stats()).toMatchObject({ fired: 2, delivered: 2, failed: 0 });
    await sink.close();
  });

  it("stamps each alert with the monitor's firing time and the request that triggered it", () => {
    const clock = fakeClock(1_700_000_000_000.25);
    const sink = new AlertSink({ receiver: "r", clock });
    const alert = sink.fire(labels("a"), { summary: "moved" }, "r41");
    expect(alert?.annotations).toMatchObject({ fired_at: "1700000000000.250", trigger: "r41" });
    clock.advance(10);
    expect(sink.fire(labels("b"), {})?.annotations).toMatchObject({
      fired_at: "1700000000010.250",
      trigger: "",
    });
  });

  it("dedupes an alert that is already firing and fires it again once resolved", () => {
    const sink = new AlertSink({ receiver: "r", clock: fakeClock() });
    expect(sink.fire(labels("a"), {})).not.toBeNull();
    expect(sink.fire(labels("a"), { summary: "again" })).toBeNull();
    expect(sink.fire(labels("b"), {})).not.toBeNull();
    expect(sink.firing().map((a) => a.labels.feature)).toEqual(["a", "b"]);
    expect(sink.resolve(labels("a"))?.status).toBe("resolved");
    expect(sink.resolve(labels("a"))).toBeNull();
    expect(sink.fire(labels("a"), {})).not.toBeNull();
    expect(sink.all().map((a) => `${a.status}:${a.labels.feature}`)).toEqual([
      "firing:a",
      "firing:b",
      "resolved:a",
      "firing:a",
    ]);
  });

  it("counts a failed post instead of throwing", async () => {
    const sink = new AlertSink({ receiver: "r", clock: fakeClock(), webhookUrl: `${url}/broken` });
    sink.fire(labels("a"), {});
    const refused = new AlertSink({
      receiver: "r",
      clock: fakeClock(),
      webhookUrl: "http://127.0.0.1:9/none",
    });
    refused.fire(labels("a"), {});
    await sink.flush();
    await refused.flush();
    expect(sink.stats()).toMatchObject({ delivered: 0, failed: 1 });
    expect(refused.stats()).toMatchObject({ delivered: 0, failed: 1 });
  });
});

describe("fingerprint and webhookPayload", () => {
  it("ignores label order and changes with any label value", () => {
    const l = labels("x");
    const reordered = Object.fromEntries(Object.entries(l).reverse()) as AlertLabels;
    expect(fingerprint(reordered)).toBe(fingerprint(l));
    expect(fingerprint(l)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint({ ...l, severity: "critical" })).not.toBe(fingerprint(l));
  });

  it("keeps only the labels every alert shares", () => {
    const clock = fakeClock(1000);
    const sink = new AlertSink({ receiver: "r", clock });
    const a = sink.fire(labels("x"), { summary: "s1", detector: "ks" }, "r1");
    clock.advance(2.5);
    const b = sink.fire(labels("y"), { summary: "s2", detector: "ks" }, "r2");
    const payload = webhookPayload([a!, b!], "r", "http://127.0.0.1");
    expect(payload.commonLabels.feature).toBeUndefined();
    expect(payload.commonLabels.boundary).toBe("processing->engine");
    expect(payload.commonAnnotations).toEqual({ detector: "ks" });
    expect(payload.alerts).toHaveLength(2);
  });
});
