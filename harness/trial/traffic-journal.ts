/**
 * What the traffic sender reports, journaled the one way every trial phase journals it: each
 * request with its answer, release, truth and the faults that changed it; each user's report with
 * the position it was sent at; and every request id's position, for an alert's trigger.
 */
import { feedbackId, requestId, type SentFeedback, type SentRequest } from "../traffic/send.ts";
import type { Journal } from "./journal.ts";

export function journaledTraffic(journal: Journal, positions: Map<string, number>) {
  return {
    /** Before request i goes out: its id's position. */
    sending(i: number): void {
      positions.set(requestId(i), i);
    },
    /** Before a report goes out: its id's position (an alert it causes may arrive before its answer). */
    sendingFeedback(of: number, atRequest: number): void {
      positions.set(feedbackId(of), atRequest);
    },
    feedback(f: SentFeedback): void {
      journal.append({
        type: "feedback",
        of: f.of,
        at_request: f.atRequest,
        sent_ms: f.sentMs,
        status: f.status,
      });
    },
    sent(r: SentRequest): void {
      journal.append({
        type: "request",
        i: r.i,
        sent_ms: r.sentMs,
        ms: r.ms,
        status: r.status,
        ok: r.ok,
        release: r.release,
        answered: r.answered,
        truth: r.truth,
        affected: r.affected,
        ...(r.contract ? { contract: r.contract } : {}),
        ...(r.guard ? { guard: r.guard } : {}),
        ...(r.rule ? { rule: r.rule } : {}),
      });
    },
  };
}

/** Journals the moment a phase's traffic starts, on the trial clock; returns it (performance.now()). */
export function trafficStarts(journal: Journal, origin: number): number {
  const started = performance.now();
  journal.append({
    type: "phase",
    name: "traffic-starts",
    fault: "",
    at_ms: started - origin,
    at_request: 0,
  });
  return started;
}
