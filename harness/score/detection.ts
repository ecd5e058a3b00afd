/**
 * RQ1 detection measures. Times are ms on the harness's monotonic clock from the trial start;
 * request positions come from the traffic log (`request` records).
 */
import type { JournalRecord, Summary } from "../../systems/kit/protocol/index.ts";
import { type Injection, injectionOf, ofType, type RecordOf } from "./records.ts";

export type Detection = Pick<Summary, "ttd_ms" | "ttd_requests" | "silent" | "false_alarms_per_10k">;

/** The labels that name an alert: what fired (alertname), where (boundary, unit) and on what (feature). */
const KEY_LABELS = ["alertname", "boundary", "feature", "unit"] as const;

export function alertKey(labels: Record<string, string>): string {
  return JSON.stringify(KEY_LABELS.map((k) => labels[k] ?? ""));
}

/**
 * Alerts deduplicated: one alert is one fingerprint (alertname + boundary + feature + unit) in one
 * firing (its starts_at). The harness may see an alert that keeps firing many times; it counts
 * once, at the first time the harness saw it. An alert that resolved and fired again has a new
 * starts_at and counts again. Ordered by at_ms.
 */
export function distinctAlerts(records: JournalRecord[]): RecordOf<"alert">[] {
  const seen = new Set<string>();
  const out: RecordOf<"alert">[] = [];
  const alerts = ofType(records, "alert").sort((a, b) => a.at_ms - b.at_ms);
  for (const a of alerts) {
    const id = `${alertKey(a.labels)}@${a.starts_at}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(a);
  }
  return out;
}

/**
 * - An alert counts for detection when the harness saw it at or after the injection
 *   (at_ms >= injection.at_ms). An alert already firing before the injection (same firing, same
 *   starts_at) is a false alarm and stays one.
 * - ttd_ms = first such alert's at_ms - injection.at_ms; ttd_requests = its at_request -
 *   injection.at_request. Both null when no alert came after the injection, or there was no injection.
 * - silent = an injection happened and no alert came after it (false when nothing was injected).
 * - false_alarms_per_10k = distinct alerts seen before the injection / requests sent before it
 *   (request records with i < injection.at_request) * 10 000; 0 when no request came before.
 *   Without an injection every alert and every request counts as before it.
 */
export function detection(records: JournalRecord[]): Detection {
  const inj = injectionOf(records);
  const alerts = distinctAlerts(records);
  const requests = ofType(records, "request");
  const before = (a: { at_ms: number }, i: Injection | null) => i === null || a.at_ms < i.at_ms;
  // distinctAlerts keeps each firing at its first sighting, so a false alarm that keeps firing
  // past the injection stays a false alarm and never counts as detection.
  const falseAlarms = alerts.filter((a) => before(a, inj));
  const detected = inj ? alerts.find((a) => !before(a, inj)) : undefined;
  const requestsBefore = inj ? requests.filter((r) => r.i < inj.at_request).length : requests.length;
  return {
    ttd_ms: inj && detected ? detected.at_ms - inj.at_ms : null,
    ttd_requests: inj && detected ? detected.at_request - inj.at_request : null,
    silent: inj !== null && detected === undefined,
    false_alarms_per_10k: requestsBefore === 0 ? 0 : (falseAlarms.length / requestsBefore) * 10_000,
  };
}
