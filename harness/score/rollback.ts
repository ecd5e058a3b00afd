/** RQ2 rollback measures: from the last `rollback` record and the traffic log (`request` records). */

import type { JournalRecord, Summary } from "../../systems/kit/protocol/index.ts";
import type { Part } from "../faults/types.ts";
import { first, last, ofType, type RecordOf } from "./records.ts";

export type Rollback = Pick<
  Summary,
  "ttr_ms" | "rollback_failed_requests" | "rollback_downtime_ms" | "rollback_ok" | "collateral_units"
>;

/** The reverted part that is at fault for each ground-truth part; infra faults live in no release. */
const FAULTY_PART: Record<Part, string | null> = { ml: "model", logic: "logic", infra: null };

/**
 * Units reverted that were fine: the rollback's `reverted` parts other than the fault's part
 * (truth ml -> "model", logic -> "logic", infra -> none, so everything reverted is collateral).
 * Each part once, in the order reverted. Empty when the truth is unknown.
 */
export function collateral(reverted: string[], truth: Part | null): string[] {
  if (truth === null) return [];
  const faulty = FAULTY_PART[truth];
  return [...new Set(reverted.filter((p) => p !== faulty))];
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
 * - ttr_ms = tests_pass_ms - decision_ms: from the decision to roll back to the scenario tests
 *   passing on the initial data. Null when the tests never passed or nothing was rolled back.
 * - rollback_ok = the rollback command succeeded and the tests passed afterwards (null: no rollback).
 * - The window is [decision_ms, tests_pass_ms ?? done_ms]. rollback_failed_requests = failed
 *   requests sent in it; rollback_downtime_ms = downtime() over it. Both null without a rollback.
 * - collateral_units = collateral(reverted, truth part).
 * Uses the last `rollback` record: a retried rollback is judged by its final attempt.
 */
export function rollback(records: JournalRecord[]): Rollback {
  const rb = last(records, "rollback");
  if (!rb) {
    return {
      ttr_ms: null,
      rollback_failed_requests: null,
      rollback_downtime_ms: null,
      rollback_ok: null,
      collateral_units: [],
    };
  }
  const start = rb.decision_ms;
  const end = rb.tests_pass_ms ?? rb.done_ms;
  const requests = ofType(records, "request");
  const failed = requests.filter((r) => !r.ok && r.sent_ms >= start && r.sent_ms <= end);
  return {
    ttr_ms: rb.tests_pass_ms === null ? null : rb.tests_pass_ms - rb.decision_ms,
    rollback_failed_requests: failed.length,
    rollback_downtime_ms: downtime(requests, start, end),
    rollback_ok: rb.ok && rb.tests_pass_ms !== null,
    collateral_units: collateral(rb.reverted, first(records, "trial")?.truth.part ?? null),
  };
}
