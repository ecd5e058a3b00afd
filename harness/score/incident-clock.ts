/**
 * The moments every measure counts from, derived from the raw records only (a reviewer rescoring a
 * journal finds them the same way). Older journals (before faults were journaled as phases and
 * requests as affected) fall back to their `injection` record.
 */
import type { JournalRecord } from "../../systems/kit/protocol/index.ts";
import { first, injectionOf, ofType } from "./records.ts";

export interface FaultMoment {
  /** Trial-clock ms. */
  at_ms: number;
  /** A request index: the first one the fault touched, or the next one sent at that moment. */
  at_request: number;
}

/** When the traffic started (alerts before it are not the trial's): its phase record, else 0. */
export function trafficStart(records: JournalRecord[]): number {
  return ofType(records, "phase").find((p) => p.name === "traffic-starts")?.at_ms ?? 0;
}

/** The first request a payload or data fault changed (its `affected` list names the fault). */
function firstAffected(records: JournalRecord[]): FaultMoment | null {
  let best: FaultMoment | null = null;
  for (const r of ofType(records, "request"))
    if (r.affected?.length && (best === null || r.i < best.at_request))
      best = { at_ms: r.sent_ms, at_request: r.i };
  return best;
}

const earliest = (xs: (FaultMoment | null)[]): FaultMoment | null =>
  xs.reduce<FaultMoment | null>((a, b) => (b && (!a || b.at_ms < a.at_ms) ? b : a), null);

/**
 * The fault begins: the first request a payload or data fault touched (gradual faults included:
 * their first touched request, not the centre of the mix), or the moment a system fault started
 * going in (a release fault: its deploy starts) — whichever is first.
 */
export function faultBegins(records: JournalRecord[]): FaultMoment | null {
  const phases = ofType(records, "phase");
  if (!phases.some((p) => p.name === "traffic-starts")) return injectionOf(records);
  const system = phases.find((p) => p.name === "fault-begins");
  return earliest([
    firstAffected(records),
    system ? { at_ms: system.at_ms, at_request: system.at_request } : null,
  ]);
}

/**
 * The request detection counts from (ttd_requests' zero): the first request the fault touched
 * (payload and data faults), or the first request sent after a system fault took effect.
 */
export function detectionOrigin(records: JournalRecord[]): FaultMoment | null {
  const phases = ofType(records, "phase");
  if (!phases.some((p) => p.name === "traffic-starts")) return injectionOf(records);
  const inEffect = phases.find((p) => p.name === "fault-in-effect");
  return earliest([
    firstAffected(records),
    inEffect ? { at_ms: inEffect.at_ms, at_request: inEffect.at_request } : null,
  ]);
}

/** The end of the trial's traffic: the last request's send time (0 without traffic). */
export function trafficEnd(records: JournalRecord[]): number {
  return ofType(records, "request").reduce((m, r) => Math.max(m, r.sent_ms), 0);
}

export { first };
