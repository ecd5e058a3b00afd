/** What the incident cost users, from the fault's beginning to its verified end. */

import { headOf } from "../../systems/kit/heads/index.ts";
import {
  type HeadFit,
  type JournalRecord,
  releaseName,
  type Summary,
} from "../../systems/kit/protocol/index.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { faultBegins, trafficEnd } from "./incident-clock.ts";
import { first, last, ofType, type RecordOf } from "./records.ts";
import { rollback } from "./rollback.ts";
import { splitSystem } from "./system-name.ts";

export type IncidentCost = Pick<
  Summary,
  "incident_failed_requests" | "incident_wrong_answers" | "incident_answers" | "wrong_rate_before"
>;

/** Each release's head fit by its name, from the journal's `releases` record. */
function fits(records: JournalRecord[]): Map<string, HeadFit> {
  const out = new Map<string, HeadFit>();
  for (const [unit, releases] of Object.entries(last(records, "releases")?.units ?? {}))
    for (const r of releases) if (r.head) out.set(releaseName({ unit, number: r.number }), r.head);
  return out;
}

/**
 * Whether each answered request was right, judged as the system judges users' reports: the task's
 * output head compares the answer's label with the row's true outcome, with the head fit of the
 * release that answered (a cluster's group needs it). null when there is nothing to judge: no
 * answer, no truth, an unknown task, or a head that needs a fit the journal lacks.
 */
export function judge(records: JournalRecord[]): (r: RecordOf<"request">) => boolean | null {
  const trial = first(records, "trial");
  const name = trial ? splitSystem(trial.system).task : "";
  if (!tasks.has(name)) return () => null;
  const task = tasks.get(name);
  const head = headOf(task);
  const byRelease = fits(records);
  return (r) => {
    if (
      r.answered === undefined ||
      r.answered === null ||
      r.truth === undefined ||
      r.truth === null ||
      !r.release
    )
      return null;
    const fit =
      byRelease.get(r.release) ??
      (task.head.kind === "clusters" ? null : ({ kind: task.head.kind } as HeadFit));
    return fit ? head.correct(task, fit, r.answered, r.truth) : null;
  };
}

/**
 * The incident's window runs from the fault's beginning to the verified end of its rollback, or to
 * the end of the traffic when nothing was rolled back or it never verified.
 * - incident_failed_requests = requests sent in the window that got no usable answer (not 200,
 *   or guarded).
 * - incident_wrong_answers / incident_answers = answers judged wrong / judged at all (judge()) in it.
 * - wrong_rate_before = the share judged wrong before the fault began: the same system's error
 *   rate while healthy, to read the incident's against.
 * All null without a fault.
 */
export function incidentCost(records: JournalRecord[]): IncidentCost {
  const begin = faultBegins(records);
  if (!begin)
    return {
      incident_failed_requests: null,
      incident_wrong_answers: null,
      incident_answers: null,
      wrong_rate_before: null,
    };
  const end = rollback(records).verified_ms ?? trafficEnd(records);
  const right = judge(records);
  const requests = ofType(records, "request");
  const inWindow = requests.filter((r) => r.sent_ms >= begin.at_ms && r.sent_ms <= end);
  const judged = inWindow.map(right).filter((x): x is boolean => x !== null);
  const before = requests
    .filter((r) => r.i < begin.at_request)
    .map(right)
    .filter((x): x is boolean => x !== null);
  return {
    incident_failed_requests: inWindow.filter((r) => !r.ok).length,
    incident_wrong_answers: judged.filter((x) => !x).length,
    incident_answers: judged.length,
    wrong_rate_before: before.length ? before.filter((x) => !x).length / before.length : null,
  };
}
