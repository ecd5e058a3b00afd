/** Comparative evaluation's own measures, from the `canary`, `rollback` and `request` records. */

import { type JournalRecord, releaseName, type Summary } from "../../systems/kit/protocol/index.ts";
import { ofType, type RecordOf } from "./records.ts";

export type CanaryMeasures = Pick<
  Summary,
  "system_rollback" | "system_rollback_ms" | "system_rollback_requests" | "canary_answers"
>;

/** An abort the judge decided on evidence: not one for want of a verdict (judged false). */
export const judgedAbort = (c: RecordOf<"canary">): boolean => c.event === "abort" && c.judged !== false;

/**
 * When a model release went out by canary (its first `canary` record, event start):
 * - system_rollback = the canary ended in an abort its judge decided on users' feedback (judgedAbort),
 *   and no operator rollback was decided before that abort; false when it was promoted, aborted
 *   without a verdict (time ran out), never ended, or an operator acted first.
 * - system_rollback_ms / _requests = the abort's at_ms / at_request less the start's (null unless
 *   system_rollback).
 * - canary_answers = requests answered by the canary release from its start to its end (or to the
 *   traffic's end): the users it reached.
 * All null when no canary ran.
 */
export function canaryMeasures(records: JournalRecord[]): CanaryMeasures {
  const events = ofType(records, "canary");
  const start = events.find((e) => e.event === "start");
  if (!start)
    return {
      system_rollback: null,
      system_rollback_ms: null,
      system_rollback_requests: null,
      canary_answers: null,
    };
  const end = events.find((e) => e.event !== "start" && e.at_ms >= start.at_ms) ?? null;
  const firstRollback = ofType(records, "rollback").find((r) => r.decision_ms >= start.at_ms);
  const byJudge =
    end !== null && judgedAbort(end) && (!firstRollback || firstRollback.decision_ms > end.at_ms);
  const name = releaseName({ unit: start.unit, number: start.release });
  const until = end?.at_ms ?? firstRollback?.done_ms ?? Number.POSITIVE_INFINITY;
  return {
    system_rollback: byJudge,
    system_rollback_ms: byJudge && end ? end.at_ms - start.at_ms : null,
    system_rollback_requests: byJudge && end ? end.at_request - start.at_request : null,
    canary_answers: ofType(records, "request").filter(
      (r) => r.release === name && r.sent_ms >= start.at_ms && r.sent_ms <= until,
    ).length,
  };
}
