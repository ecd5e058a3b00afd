/** One trial in one row: every Summary field, from the journal's raw records alone. */
import type { JournalRecord, RecordedSummary, Summary } from "../../systems/kit/protocol/index.ts";
import { canaryMeasures } from "./canary.ts";
import { detection } from "./detection.ts";
import { incidentCost } from "./incident.ts";
import { faultBegins } from "./incident-clock.ts";
import { localization } from "./localization.ts";
import { first, last, ofType } from "./records.ts";
import { rollback } from "./rollback.ts";
import { section5 } from "./section5.ts";
import { splitSystem } from "./system-name.ts";

export { splitSystem } from "./system-name.ts";

/**
 * Builds the Summary (README "Trials" defines each measure; the functions it calls hold those
 * definitions). Works on the journal of a trial that stopped part-way and never throws: a missing
 * `trial` record leaves system, scenario and fault "" and seed 0 (operator "auto"); a missing
 * measure is null (or 0 / false / [] where the field takes no null).
 * - steady_before = the last "before" steady-state check passed (false when there is none);
 *   steady_after = the last "after" one passed, null when it never ran.
 * - failed_steps = names of `step` records with status "failed", in order (repeats kept once).
 * - requests = number of `request` records; fault = the trial's faults joined by "+".
 * - fault_begins_ms / first_affected_request: see incident-clock.ts (faultBegins).
 * - surface_calls, side_systems, records_read: the operator's `effort` record (0 without one).
 * - clock_uncertainty_ms = the largest uncertainty of the units' measured clock offsets.
 * Any `summary` record in the input is ignored.
 */
export function summarize(records: JournalRecord[]): Summary {
  const trial = first(records, "trial");
  const steady = ofType(records, "steady-state");
  const before = steady.filter((s) => s.phase === "before").pop();
  const after = steady.filter((s) => s.phase === "after").pop();
  const system = trial?.system ?? "";
  const begin = faultBegins(records);
  const effort = last(records, "effort");
  const clocks = ofType(records, "clock").map((c) => c.uncertainty_ms);
  return {
    system,
    ...splitSystem(system),
    arm: trial?.arm ?? splitSystem(system).pattern,
    deploy: trial?.deploy ?? "restart",
    observability: trial?.observability ?? "distributed",
    scenario: trial?.scenario ?? "",
    fault: trial?.faults.join("+") ?? "",
    seed: trial?.seed ?? 0,
    operator: trial?.operator ?? "auto",
    requests: ofType(records, "request").length,
    fault_begins_ms: begin?.at_ms ?? null,
    first_affected_request: begin?.at_request ?? null,
    ...detection(records),
    ...localization(records),
    ...rollback(records),
    ...section5(records),
    ...canaryMeasures(records),
    ...incidentCost(records),
    surface_calls: effort?.surface_calls ?? 0,
    side_systems: effort?.side_systems ?? 0,
    records_read: effort?.records_read ?? 0,
    clock_uncertainty_ms: clocks.length ? Math.max(...clocks) : null,
    steady_before: before?.passed ?? false,
    steady_after: after ? after.passed : null,
    failed_steps: [
      ...new Set(
        ofType(records, "step")
          .filter((s) => s.status === "failed")
          .map((s) => s.name),
      ),
    ],
  };
}

/** The summary a finished journal already holds (its last), or null. */
export function recordedSummary(records: JournalRecord[]): RecordedSummary | null {
  return last(records, "summary")?.summary ?? null;
}

/** What a summary written before a later field existed holds for it: not measured. */
const NOT_MEASURED = {
  // Not a measure: every trial before the deploy strategy was a factor restarted its units.
  deploy: "restart",
  // Not a measure: before profiles, every unit ran every monitor it had.
  observability: "distributed",
  fault_begins_ms: null,
  first_affected_request: null,
  detected_ms: null,
  first_diagnosis_ms: null,
  actionable_diagnosis_ms: null,
  decision_ms: null,
  restored_first_ms: null,
  restored_ms: null,
  verified_ms: null,
  time_to_action_ms: null,
  ac1_last: 0,
  ac3_last: 0,
  unit_ok: null,
  flow_ok: null,
  feature_ok: null,
  onset_error_requests: null,
  restore_ms: null,
  verify_ms: null,
  improvement_lost: null,
  rollback_wrong_answers: null,
  contract_breaks: null,
  system_rollback: null,
  system_rollback_ms: null,
  system_rollback_requests: null,
  canary_answers: null,
  incident_failed_requests: null,
  incident_wrong_answers: null,
  incident_answers: null,
  wrong_rate_before: null,
  surface_calls: 0,
  side_systems: 0,
  records_read: 0,
  alert_delivery_p95_ms: null,
  clock_uncertainty_ms: null,
} as const;

/** A recorded summary with every field: one written before a field existed has it as not measured. */
export function completeSummary(s: RecordedSummary): Summary {
  // Before arms, the pattern named the arm.
  return { ...NOT_MEASURED, arm: s.pattern, ...s };
}
