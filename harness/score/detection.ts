/**
 * RQ1 detection measures. Times are ms on the harness's monotonic trial clock; an alert's time is
 * when its monitor fired (fired_ms), or, in journals written before alerts carried it, when the
 * harness received it. Request positions are indices in the traffic.
 */
import type { JournalRecord, Summary } from "../../systems/kit/protocol/index.ts";
import { detectionOrigin, faultBegins, trafficStart } from "./incident-clock.ts";
import { ofType, type RecordOf } from "./records.ts";

export type Detection = Pick<
  Summary,
  "ttd_ms" | "ttd_requests" | "silent" | "false_alarms_per_10k" | "detected_ms" | "alert_delivery_p95_ms"
>;

/** The labels that name an alert: what fired (alertname), where (boundary, unit) and on what (feature). */
const KEY_LABELS = ["alertname", "boundary", "feature", "unit"] as const;

export function alertKey(labels: Record<string, string | undefined>): string {
  return JSON.stringify(KEY_LABELS.map((k) => labels[k] ?? ""));
}

/** When an alert's monitor fired (its receipt in journals without firing times). */
export const firedAt = (a: RecordOf<"alert">): number => a.fired_ms ?? a.at_ms;

/**
 * Alerts deduplicated: one alert is one fingerprint (alertname + boundary + feature + unit) in one
 * firing (its starts_at), counted once, at its firing. An alert that resolved and fired again has
 * a new starts_at and counts again. Only alerts fired once the traffic had started count (a unit
 * starting up is not the trial). Ordered by firing time.
 */
export function distinctAlerts(records: JournalRecord[]): RecordOf<"alert">[] {
  const start = trafficStart(records);
  const seen = new Set<string>();
  const out: RecordOf<"alert">[] = [];
  for (const a of ofType(records, "alert").sort((x, y) => firedAt(x) - firedAt(y))) {
    if (firedAt(a) < start) continue;
    const id = `${alertKey(a.labels)}@${a.starts_at}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(a);
  }
  return out;
}

/** Every firing event received, in journal order: not a resolution, and each firing once. */
function firings(records: JournalRecord[]): RecordOf<"alert">[] {
  const seen = new Set<string>();
  return ofType(records, "alert").filter((a) => {
    const id = `${alertKey(a.labels)}@${a.starts_at}`;
    if (a.status === "resolved" || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The 95th percentile of a sample (nearest rank), null when empty. */
export function p95(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)];
}

/**
 * - The fault begins at its first touched request (payload, data) or when it starts going in
 *   (system; a release: its deploy starts): see incident-clock.ts.
 * - detected_ms = the firing time of the first alert fired at or after the fault began.
 * - ttd_ms = detected_ms - the fault's beginning.
 * - ttd_requests = the position of that alert's triggering request (trigger_request) minus the
 *   detection origin: the first request the fault touched, or the first request sent after a
 *   system fault took effect. Negative when an alert fired while a system fault was going in.
 *   Journals without triggers: the requests sent when the harness received it, less the injection's.
 * - silent = a fault began and no alert fired at or after it.
 * - false_alarms_per_10k = distinct alerts fired before the fault began / requests sent before it
 *   (index below its beginning's) * 10 000; 0 when no request came before. Without a fault every
 *   alert and every request counts as before it.
 * - alert_delivery_p95_ms = the 95th percentile of receipt minus firing over every firing received
 *   (a resolution is not a delivery; in journals without an alert's status, the first receipt of
 *   each firing, which is its firing event).
 */
export function detection(records: JournalRecord[]): Detection {
  const begin = faultBegins(records);
  const origin = detectionOrigin(records) ?? begin;
  const alerts = distinctAlerts(records);
  const requests = ofType(records, "request");
  const before = (a: RecordOf<"alert">) => begin === null || firedAt(a) < begin.at_ms;
  const falseAlarms = alerts.filter(before);
  const detected = begin ? alerts.find((a) => !before(a)) : undefined;
  const requestsBefore = begin ? requests.filter((r) => r.i < begin.at_request).length : requests.length;
  const ttdRequests =
    !detected || !origin
      ? null
      : detected.trigger_request !== undefined && detected.trigger_request !== null
        ? detected.trigger_request - origin.at_request
        : detected.trigger === undefined
          ? detected.at_request - origin.at_request
          : null;
  const deliveries = firings(records).flatMap((a) =>
    a.delivery_ms === undefined || a.delivery_ms === null ? [] : [a.delivery_ms],
  );
  return {
    detected_ms: detected ? firedAt(detected) : null,
    ttd_ms: begin && detected ? firedAt(detected) - begin.at_ms : null,
    ttd_requests: ttdRequests,
    silent: begin !== null && detected === undefined,
    false_alarms_per_10k: requestsBefore === 0 ? 0 : (falseAlarms.length / requestsBefore) * 10_000,
    alert_delivery_p95_ms: p95(deliveries),
  };
}
