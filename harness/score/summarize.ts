/** One trial in one row: every Summary field, from the journal alone. */
import type { JournalRecord, Summary } from "../../systems/kit/protocol/index.ts";
import { detection } from "./detection.ts";
import { localization } from "./localization.ts";
import { first, last, ofType } from "./records.ts";
import { rollback } from "./rollback.ts";

/** "task/pattern" -> its two halves; a name without "/" is all task. */
export function splitSystem(system: string): { task: string; pattern: string } {
  const at = system.indexOf("/");
  return at < 0
    ? { task: system, pattern: "" }
    : { task: system.slice(0, at), pattern: system.slice(at + 1) };
}

/**
 * Builds the Summary. Works on the journal of a trial that stopped part-way and never throws:
 * a missing `trial` record leaves system, scenario and fault "" and seed 0 (operator "auto");
 * a missing measure is null (or 0 / false / [] where the field takes no null).
 * - steady_before = the last "before" steady-state check passed (false when there is none);
 *   steady_after = the last "after" one passed, null when it never ran.
 * - failed_steps = names of `step` records with status "failed", in order (repeats kept once).
 * - requests = number of `request` records; fault = the trial's faults joined by "+".
 * Any `summary` record in the input is ignored.
 */
export function summarize(records: JournalRecord[]): Summary {
  const trial = first(records, "trial");
  const steady = ofType(records, "steady-state");
  const before = steady.filter((s) => s.phase === "before").pop();
  const after = steady.filter((s) => s.phase === "after").pop();
  const system = trial?.system ?? "";
  return {
    system,
    ...splitSystem(system),
    scenario: trial?.scenario ?? "",
    fault: trial?.faults.join("+") ?? "",
    seed: trial?.seed ?? 0,
    operator: trial?.operator ?? "auto",
    requests: ofType(records, "request").length,
    ...detection(records),
    ...localization(records),
    ...rollback(records),
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
export function recordedSummary(records: JournalRecord[]): Summary | null {
  return last(records, "summary")?.summary ?? null;
}
