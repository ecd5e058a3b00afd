/** RQ2 rollback measures: from the `rollback`, `probe` and `request` records. */

import { type JournalRecord, releaseName, type Summary } from "../../systems/kit/protocol/index.ts";
import type { Part } from "../faults/types.ts";
import { judgedAbort } from "./canary.ts";
import { trafficEnd } from "./incident-clock.ts";
import { first, ofType, type RecordOf } from "./records.ts";

export type Rollback = Pick<
  Summary,
  | "restored_first_ms"
  | "restored_ms"
  | "verified_ms"
  | "restore_ms"
  | "verify_ms"
  | "ttr_ms"
  | "rollback_failed_requests"
  | "rollback_downtime_ms"
  | "rollback_ok"
  | "collateral_units"
>;

/** The reverted part that is at fault for a release fault, per ground-truth part. */
const FAULTY_PART: Record<Part, string | null> = { ml: "model", logic: "logic", infra: null };

/**
 * Parts reverted that were fine, over every rollback of the trial: for a release fault, every
 * reverted part but the released one (truth ml: "model", logic: "logic"); for any other fault
 * (a trend, a schema change, a processing skew, a broken engine, the infrastructure) no release is
 * at fault, so every reverted part is collateral. Each part once, in the order first reverted.
 * Empty when the truth is unknown.
 */
export function collateral(
  rollbacks: RecordOf<"rollback">[],
  truth: { part: Part; cause: string } | null,
): string[] {
  if (truth === null) return [];
  const faulty = truth.cause === "release" ? FAULTY_PART[truth.part] : null;
  return [...new Set(rollbacks.flatMap((r) => r.reverted).filter((p) => p !== faulty))];
}

/**
 * Time the service was down inside [start, end]: requests sent in the window, in timeline order
 * (i); each run of consecutive failed requests covers from its first request's sent_ms to the
 * sent_ms of the next ok request, or to `end` when the run lasts to the window's end. The sum of
 * the runs; 0 when none failed.
 */
export function downtime(requests: RecordOf<"request">[], start: number, end: number): number {
  const inWindow = requests.filter((r) => r.sent_ms >= start && r.sent_ms <= end).sort((a, b) => a.i - b.i);
  let total = 0;
  let runStart: number | null = null;
  for (const r of inWindow) {
    if (!r.ok && runStart === null) runStart = r.sent_ms;
    if (r.ok && runStart !== null) {
      total += r.sent_ms - runStart;
      runStart = null;
    }
  }
  if (runStart !== null) total += end - runStart;
  return total;
}

/**
 * When traffic reached the release the last rollback went to, from the answers' `release`:
 * first = the first request sent at or after the decision that it answered; all = the start of
 * the final stretch of requests it answered (after the last request answered by another release
 * of the unit or not answered at all; a request answered without the unit, such as a question the
 * logic answers alone, says nothing either way). A unit whose releases never name an answer
 * (business logic served apart from the engine) is restored when its rollback command returned.
 */
export function restoredAt(
  requests: RecordOf<"request">[],
  decision: number,
  lastRollback: RecordOf<"rollback">,
): { first: number | null; all: number | null } {
  const target = releaseName({ unit: lastRollback.unit, number: lastRollback.to });
  const named = new Set(
    [lastRollback.from, lastRollback.to].map((n) => releaseName({ unit: lastRollback.unit, number: n })),
  );
  if (!requests.some((r) => r.release !== undefined && r.release !== null && named.has(r.release)))
    return { first: lastRollback.done_ms, all: lastRollback.done_ms };
  const after = requests.filter((r) => r.sent_ms >= decision).sort((a, b) => a.sent_ms - b.sent_ms);
  const firstOn = after.find((r) => r.release === target);
  const ofUnit = (release: string | null | undefined) =>
    release?.startsWith(`${lastRollback.unit}#`) ?? false;
  let all: number | null = null;
  for (const r of after) {
    if (r.release === target) all ??= r.sent_ms;
    else if (!r.ok || ofUnit(r.release)) all = null;
  }
  return { first: firstOn?.sent_ms ?? null, all };
}

/**
 * A rollback runs from its first decision to its last restore (a retried rollback is one
 * rollback, its attempts included):
 * - restored_first_ms / restored_ms = restoredAt() after the first decision, for the last rollback's
 *   target; verified_ms = the first passing verification probe after the last rollback returned.
 * - restore_ms = restored_ms - first decision; verify_ms = verified_ms - restored_ms;
 *   ttr_ms = verified_ms - first decision (the rollback as a whole).
 * - rollback_ok = the last rollback command succeeded and the probe passed after it.
 * - rollback_failed_requests / rollback_downtime_ms = failed requests sent in, and downtime() of,
 *   [first decision, verified_ms, or the end of the traffic when it never verified].
 * - A release fault with no rollback at all is a rollback that never happened: rollback_ok false
 *   and its times null (censored, "not reached"), never left out — unless comparative
 *   evaluation's judge aborted the release's canary on evidence (canary.ts judgedAbort): then the system
 *   rolled it back (canary.ts scores that) and rollback_ok is null. Other faults: all null.
 * - collateral_units = collateral() over every rollback.
 */
export function rollback(records: JournalRecord[]): Rollback {
  const rbs = ofType(records, "rollback");
  const truth = first(records, "trial")?.truth ?? null;
  const none = {
    restored_first_ms: null,
    restored_ms: null,
    verified_ms: null,
    restore_ms: null,
    verify_ms: null,
    ttr_ms: null,
    rollback_failed_requests: null,
    rollback_downtime_ms: null,
    collateral_units: [],
  };
  if (!rbs.length) {
    // Comparative evaluation's judge took the bad release back itself: no rollback was left to do.
    const judged = ofType(records, "canary").some(judgedAbort);
    return { ...none, rollback_ok: truth?.cause === "release" && !judged ? false : null };
  }
  const decision = rbs[0].decision_ms;
  const lastRb = rbs[rbs.length - 1];
  const requests = ofType(records, "request");
  const legacy = lastRb.tests_pass_ms !== null;
  const verified = legacy
    ? lastRb.tests_pass_ms
    : (ofType(records, "probe").find((p) => p.passed && p.at_ms >= lastRb.done_ms)?.at_ms ?? null);
  const restored = restoredAt(requests, decision, lastRb);
  const end = verified ?? (legacy ? lastRb.done_ms : Math.max(trafficEnd(records), lastRb.done_ms));
  return {
    restored_first_ms: restored.first,
    restored_ms: restored.all,
    verified_ms: verified,
    restore_ms: restored.all === null ? null : restored.all - decision,
    verify_ms: verified === null || restored.all === null ? null : verified - restored.all,
    ttr_ms: verified === null ? null : verified - decision,
    rollback_failed_requests: requests.filter((r) => !r.ok && r.sent_ms >= decision && r.sent_ms <= end)
      .length,
    rollback_downtime_ms: downtime(requests, decision, end),
    rollback_ok: lastRb.ok && verified !== null,
    collateral_units: collateral(rbs, truth),
  };
}
