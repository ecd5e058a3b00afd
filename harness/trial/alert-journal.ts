/**
 * Journals every alert the moment the harness takes it in (an event, not a poll), with what the
 * measures need: when the monitor fired on the trial clock (the unit's stamp less the unit's
 * measured clock offset), when its post arrived at the receiving thread and how long delivery took
 * (fired -> received), the request that triggered it and that request's position in the traffic.
 */
import { FIRED_AT, TRIGGER } from "../../systems/kit/protocol/index.ts";
import type { ControlPlane, Receipt } from "../deploy/control.ts";
import type { Journal } from "./journal.ts";

export interface AlertJournalOptions {
  control: ControlPlane;
  journal: Journal;
  /** performance.now() of the trial's origin. */
  origin: number;
  /** Each unit's clock offset (unit clock minus harness clock, ms), by unit name. */
  offsetOf(unit: string): number | undefined;
  /** The traffic position of a request id (r<i>: i; f<j>: where that report was sent), or null. */
  positionOf(trigger: string): number | null;
  /** Requests sent so far. */
  sent(): number;
}

/** Starts journaling; returns the way to stop. */
export function journalAlerts(o: AlertJournalOptions): () => void {
  const trialClockOrigin = performance.timeOrigin + o.origin;
  const record = (r: Receipt) => {
    const atMs = r.at - o.origin;
    const receivedMs = r.receivedAt - o.origin;
    const stamp = Number(r.alert.annotations[FIRED_AT]);
    const offset = o.offsetOf(r.alert.labels.unit) ?? 0;
    const firedMs = Number.isFinite(stamp) ? stamp - offset - trialClockOrigin : null;
    const trigger = r.alert.annotations[TRIGGER] ?? "";
    o.journal.append({
      type: "alert",
      at_ms: atMs,
      at_request: o.sent(),
      labels: r.alert.labels,
      starts_at: r.alert.startsAt,
      status: r.alert.status,
      fired_ms: firedMs,
      received_ms: receivedMs,
      // A resolution carries its firing's stamp: the time since the firing is not a delivery.
      delivery_ms: firedMs === null || r.alert.status !== "firing" ? null : receivedMs - firedMs,
      trigger,
      trigger_request: trigger ? o.positionOf(trigger) : null,
    });
  };
  return o.control.onAlert(record);
}
