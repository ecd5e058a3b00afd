import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Clock } from "../clock.ts";
import { type Alert, type AlertLabels, FIRED_AT, TRIGGER, type WebhookPayload } from "../protocol/index.ts";
import { currentRequest } from "../request-context.ts";
import { WebhookConnection } from "./webhook.ts";

export type { Alert, AlertLabels, WebhookPayload } from "../protocol/index.ts";

/** Alertmanager's zero time: a firing alert has no end yet. */
export const OPEN_END = "0001-01-01T00:00:00Z";

/** sha256 of the labels sorted by name, first 16 hex digits: equal labels, equal alert. */
export function fingerprint(labels: AlertLabels): string {
  const sorted = Object.entries(labels)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 16);
}

/** Fingerprints of frozen label sets (a monitor's, reused on every call): computed once each. */
const fingerprints = new WeakMap<AlertLabels, string>();

function fingerprintOf(labels: AlertLabels): string {
  if (!Object.isFrozen(labels)) return fingerprint(labels);
  let fp = fingerprints.get(labels);
  if (fp === undefined) {
    fp = fingerprint(labels);
    fingerprints.set(labels, fp);
  }
  return fp;
}

/** Key-value pairs that every record holds with the same value. */
function common(records: Record<string, string | undefined>[]): Record<string, string> {
  if (records.length === 0) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(records[0])) {
    if (v !== undefined && records.every((r) => r[k] === v)) out[k] = v;
  }
  return out;
}

/** An Alertmanager v4 webhook body for alerts grouped by alertname. */
export function webhookPayload(alerts: Alert[], receiver: string, externalURL: string): WebhookPayload {
  const commonLabels = common(alerts.map((a) => a.labels));
  const groupLabels: Record<string, string> = {};
  if (commonLabels.alertname !== undefined) groupLabels.alertname = commonLabels.alertname;
  const groupKey = `{}:{${Object.entries(groupLabels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",")}}`;
  return {
    version: "4",
    groupKey,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === "firing") ? "firing" : "resolved",
    receiver,
    groupLabels,
    commonLabels,
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL,
    alerts,
  };
}

export interface AlertSinkOptions {
  receiver: string;
  clock: Clock;
  webhookUrl?: string;
  logFile?: string;
  externalURL?: string;
  /** A webhook post that takes longer counts as failed. Default 5000 ms. */
  timeoutMs?: number;
}

/**
 * Fires and resolves alerts, deduplicated by fingerprint. Every event goes to an in-memory list,
 * one JSON line in logFile and a webhook post (the events of one turn of the event loop in one
 * post); the post never blocks the caller and a failed one is counted per alert, never thrown,
 * because monitoring must not break the system it watches.
 */
export class AlertSink {
  private readonly events: Alert[] = [];
  private readonly active = new Map<string, Alert>();
  private readonly pending = new Set<Promise<void>>();
  private readonly webhook: WebhookConnection | null;
  private readonly counts = { fired: 0, resolved: 0, delivered: 0, failed: 0 };
  private readonly externalURL: string;

  constructor(private readonly opts: AlertSinkOptions) {
    this.externalURL = opts.externalURL ?? "http://127.0.0.1/archdrill";
    if (opts.logFile) fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
    this.webhook = opts.webhookUrl ? new WebhookConnection(opts.webhookUrl, opts.timeoutMs) : null;
  }

  /**
   * Opens the webhook's connection and posts an empty group over it, so the first alert finds the
   * path warm (connected, the receiver's route and parser run once). Resolves with the reply's status.
   */
  async warm(): Promise<number | null> {
    if (!this.webhook) return null;
    this.webhook.open();
    return this.webhook.post(JSON.stringify(webhookPayload([], this.opts.receiver, this.externalURL)));
  }

  /**
   * Fires an alert, stamping its firing time (`fired_at`, epoch ms of this process's monotonic
   * clock) and the id of the request whose record made the monitor fire (`trigger`: the request
   * being served when the monitor fired, "" outside one). null when an alert with the same labels
   * is already firing.
   */
  fire(
    labels: AlertLabels,
    annotations: Record<string, string>,
    trigger = currentRequest()?.id,
  ): Alert | null {
    const firedAt = this.opts.clock.now();
    const fp = fingerprintOf(labels);
    if (this.active.has(fp)) return null;
    const alert: Alert = {
      status: "firing",
      labels: { ...labels },
      annotations: { ...annotations, [FIRED_AT]: firedAt.toFixed(3), [TRIGGER]: trigger ?? "" },
      startsAt: this.now(),
      endsAt: OPEN_END,
      generatorURL: `${this.externalURL}/alerts/${fp}`,
      fingerprint: fp,
    };
    this.active.set(fp, alert);
    this.counts.fired++;
    this.emit(alert);
    return alert;
  }

  /** null when no alert with these labels is firing. */
  resolve(labels: AlertLabels): Alert | null {
    if (this.active.size === 0) return null;
    const fp = fingerprintOf(labels);
    const firing = this.active.get(fp);
    if (!firing) return null;
    this.active.delete(fp);
    const alert: Alert = { ...firing, status: "resolved", endsAt: this.now() };
    this.counts.resolved++;
    this.emit(alert);
    return alert;
  }

  /** Whether an alert with these labels is firing now. */
  isFiring(labels: AlertLabels): boolean {
    return this.active.size > 0 && this.active.has(fingerprintOf(labels));
  }

  /** Every firing and resolved event, in order. */
  all(): Alert[] {
    return this.events.slice();
  }

  firing(): Alert[] {
    return [...this.active.values()];
  }

  /** Waits for every webhook post started so far (and any started meanwhile). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Waits for every post, then closes the webhook's connection (a unit that stops). */
  async close(): Promise<void> {
    await this.flush();
    this.webhook?.close();
  }

  stats(): { fired: number; resolved: number; delivered: number; failed: number } {
    return { ...this.counts };
  }

  private now(): string {
    return new Date(this.opts.clock.now()).toISOString();
  }

  private emit(alert: Alert): void {
    this.events.push(alert);
    // Posted the moment it fires (webhook.ts writes at once), not when the request that fired it is done.
    if (this.webhook) this.post(this.webhook, [alert]);
    if (this.opts.logFile) fs.appendFileSync(this.opts.logFile, `${JSON.stringify(alert)}\n`);
  }

  private post(webhook: WebhookConnection, alerts: Alert[]): void {
    const n = alerts.length;
    const body = JSON.stringify(webhookPayload(alerts, this.opts.receiver, this.externalURL));
    const p = webhook
      .post(body)
      .then((status) => {
        if (status !== null && status >= 200 && status < 300) this.counts.delivered += n;
        else this.counts.failed += n;
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }
}
