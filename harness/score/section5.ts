/**
 * The Section 5 drill's own measures (README "Trials", RQ2):
 * - improvement_lost = the logic improvement v2 shipped was live with v2 serving (its `improvement`
 *   record of phase v2) and not live after the rollback (phase after-rollback); null when the trial
 *   checked no improvement, or the improvement never worked with v2 (nothing to lose), or the
 *   after-rollback check never ran.
 * - rollback_wrong_answers = answers judged wrong (incident.ts judge()) among the requests sent in
 *   the rollback's window (rollback.ts: first decision to verified, or to the traffic's end); null
 *   in a trial with no rollback.
 * - contract_breaks = users' requests sent at or after the first rollback's decision that were
 *   refused for their contract version (a 4xx naming rule 'version') or answered without the
 *   engine because it refused their version (guard 'contract'); null in a trial with no rollback.
 */
import type { JournalRecord, Summary } from "../../systems/kit/protocol/index.ts";
import { judge } from "./incident.ts";
import { trafficEnd } from "./incident-clock.ts";
import { first, ofType, type RecordOf } from "./records.ts";
import { rollback } from "./rollback.ts";

export type Section5 = Pick<Summary, "improvement_lost" | "rollback_wrong_answers" | "contract_breaks">;

export function section5(records: JournalRecord[]): Section5 {
  const checks = ofType(records, "improvement");
  const withV2 = checks.find((c) => c.phase === "v2");
  const after = checks.find((c) => c.phase === "after-rollback");
  const decided = first(records, "rollback");
  const broken = (r: RecordOf<"request">) => r.rule === "version" || r.guard === "contract";
  const requests = ofType(records, "request");
  const improvement_lost = withV2?.live && after ? !after.live : null;
  if (!decided) return { improvement_lost, rollback_wrong_answers: null, contract_breaks: null };
  const end = rollback(records).verified_ms ?? Math.max(trafficEnd(records), decided.done_ms);
  const right = judge(records);
  return {
    improvement_lost,
    rollback_wrong_answers: requests.filter(
      (r) => r.sent_ms >= decided.decision_ms && r.sent_ms <= end && right(r) === false,
    ).length,
    contract_breaks: requests.filter((r) => r.sent_ms >= decided.decision_ms && broken(r)).length,
  };
}
