/**
 * The instrument against a scripted fake system whose truth is known exactly: a unit that answers
 * every request and fires alerts at requests the test chooses, stamping them with a clock 250 ms
 * ahead of the harness's. The real control plane, alert journal, traffic sender, clock-offset
 * measurement and scorer then have to recover the true positions and times.
 */

import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../systems/kit/clock.ts";
import { AlertSink } from "../../systems/kit/monitor/alerts.ts";
import { type AlertLabels, REQUEST_HEADERS } from "../../systems/kit/protocol/index.ts";
import { measureOffset } from "../deploy/clock-offset.ts";
import { ControlPlane } from "../deploy/control.ts";
import { summarize } from "../score/summarize.ts";
import { requestId, runTraffic } from "../traffic/send.ts";
import type { PlannedRequest } from "../traffic/timeline.ts";
import { journalAlerts } from "./alert-journal.ts";
import { Journal } from "./journal.ts";
import { journaledTraffic } from "./traffic-journal.ts";

const SKEW_MS = 250;
const FIRST_AFFECTED = 40;
const FALSE_ALARM_AT = 10;
const DETECTED_AT = 43;

const labels = (alertname: string, feature: string): AlertLabels => ({
  alertname,
  system: "fake/scripted",
  unit: "fake",
  boundary: "request",
  feature,
  anomaly: "schema",
  flow: "input",
  severity: "warning",
});

describe("the instrument on a scripted fake system", () => {
  const control = new ControlPlane("token");
  let fake: http.Server;
  let api = "";
  const fired: Record<string, number> = {};
  let origin = 0;
  let dir = "";

  beforeAll(async () => {
    await control.start();
    const webhook = control.webhookUrl;
    // The fake's clock runs SKEW_MS ahead: the trial must correct its stamps by the measured offset.
    const sink = new AlertSink({
      receiver: "fake",
      clock: { now: () => systemClock.now() + SKEW_MS },
      webhookUrl: webhook,
    });
    let n = 0;
    fake = http.createServer((req, res) => {
      if (req.url === "/clock") {
        res.end(JSON.stringify({ now: systemClock.now() + SKEW_MS }));
        return;
      }
      const id = String(req.headers[REQUEST_HEADERS.id] ?? "");
      req.resume().on("end", () => {
        const at = { [requestId(FALSE_ALARM_AT)]: "Early", [requestId(DETECTED_AT)]: "Detected" }[id];
        if (at) {
          fired[at] = performance.now() - origin;
          sink.fire(labels(at, at.toLowerCase()), { summary: at }, id);
        }
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ id: ++n, label: "x", release: "fake#1", guard: null }));
      });
    });
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
    api = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-instrument-"));
  });
  afterAll(async () => {
    await control.stop();
    await new Promise<void>((r) => fake.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("recovers the true triggering requests, firing times and false alarms, exactly", async () => {
    const journal = Journal.create(dir);
    origin = performance.now();
    const t = () => performance.now() - origin;
    journal.append({
      type: "trial",
      at_ms: 0,
      system: "fake/scripted",
      scenario: "scripted",
      scenario_digest: "-",
      faults: ["schema.rename"],
      seed: 1,
      operator: "auto",
      started_at: new Date().toISOString(),
      truth: { part: "ml", cause: "schema" },
      injection_request: FIRST_AFFECTED,
    });
    const offset = await measureOffset(api);
    expect(offset.offsetMs).toBeGreaterThan(SKEW_MS - 5);
    expect(offset.offsetMs).toBeLessThan(SKEW_MS + 5);
    journal.append({
      type: "clock",
      at_ms: t(),
      unit: "fake",
      offset_ms: offset.offsetMs,
      uncertainty_ms: offset.uncertaintyMs,
    });
    const positions = new Map<string, number>();
    const stop = journalAlerts({
      control,
      journal,
      origin,
      offsetOf: () => offset.offsetMs,
      positionOf: (trigger) => positions.get(trigger) ?? null,
      sent: () => journal.countOf("request"),
    });
    journal.append({ type: "phase", name: "traffic-starts", fault: "", at_ms: t(), at_request: 0 });
    const traffic = journaledTraffic(journal, positions);
    const timeline: PlannedRequest[] = Array.from({ length: 60 }, (_, i) => ({
      i,
      atMs: i * 5,
      payload: { i },
      label: "x",
      affected: i >= FIRST_AFFECTED ? ["schema.rename"] : [],
    }));
    await runTraffic(timeline, {
      api,
      route: "/api/x",
      answerLabel: "label",
      origin,
      feedbackDelay: 0,
      beforeSend: (i) => traffic.sending(i),
      onSent: (r) => traffic.sent(r),
    });
    // The alerts are posted after the answers: wait for both to arrive.
    while (journal.countOf("alert") < 2) await new Promise((r) => setTimeout(r, 5));
    stop();
    const records = journal.records();
    const summary = summarize(records);
    const firstAffected = records.find((r) => r.type === "request" && r.i === FIRST_AFFECTED);
    const began = firstAffected?.type === "request" ? firstAffected.sent_ms : Number.NaN;
    expect(summary.first_affected_request).toBe(FIRST_AFFECTED);
    expect(summary.fault_begins_ms).toBe(began);
    expect(summary.ttd_requests).toBe(DETECTED_AT - FIRST_AFFECTED);
    // The firing time, back on the trial clock through the measured offset, to within its uncertainty.
    const tolerance = offset.uncertaintyMs + 0.01;
    expect(Math.abs((summary.detected_ms ?? Number.NaN) - fired.Detected)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs((summary.ttd_ms ?? Number.NaN) - (fired.Detected - began))).toBeLessThanOrEqual(
      tolerance,
    );
    // One false alarm among the 40 requests before the fault: 1 / 40 * 10 000.
    expect(summary.false_alarms_per_10k).toBe(250);
    expect(summary.silent).toBe(false);
    const early = records.find((r) => r.type === "alert" && r.labels.alertname === "Early");
    expect(early?.type === "alert" && early.trigger_request).toBe(FALSE_ALARM_AT);
    expect(summary.alert_delivery_p95_ms).toBeGreaterThan(0);
  });
});
