/**
 * A trial's outcome against the one its scenario declares (`outcome:`): what differs, in words.
 * Read from the summary only, so a reviewer's rescored summary is checked the same way.
 */
import type { Summary } from "../../systems/kit/protocol/index.ts";
import type { Scenario } from "./schema.ts";

export type DeclaredOutcome = NonNullable<Scenario["outcome"]>;

type Judged = Pick<Summary, "silent" | "ac1" | "rollback_ok" | "steady_after" | "failed_steps"> &
  Partial<Pick<Summary, "system_rollback">>;

/** Every way the trial's summary departs from the declared outcome; empty when it matches. */
export function outcomeMismatches(summary: Judged, want: DeclaredOutcome): string[] {
  const got = {
    detected: !summary.silent,
    localized: summary.ac1 === 1,
    // A rollback that happened but did not restore and verify is neither outcome.
    // Comparative evaluation's judge aborting the release's canary takes it back as well.
    rolledBack:
      summary.system_rollback === true
        ? true
        : summary.rollback_ok === null
          ? false
          : summary.rollback_ok
            ? true
            : "failed",
    steadyAfter: summary.steady_after === true,
  };
  const out = (Object.keys(want) as (keyof DeclaredOutcome)[])
    .filter((k) => got[k] !== want[k])
    .map((k) => `${k}: expected ${want[k]}, got ${got[k]}`);
  if (summary.failed_steps.length) out.push(`failed steps: ${summary.failed_steps.join(", ")}`);
  return out;
}
