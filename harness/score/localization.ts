/** RQ1 localization measures, on (part, cause) of the operator's diagnoses. */

import type { JournalRecord, Summary, Suspect } from "../../systems/kit/protocol/index.ts";
import type { Cause, Part } from "../faults/types.ts";
import { detectionOrigin, faultBegins } from "./incident-clock.ts";
import { first, last, ofType, type RecordOf } from "./records.ts";

export type Localization = Pick<
  Summary,
  | "ttl_ms"
  | "ac1"
  | "ac3"
  | "ac1_last"
  | "ac3_last"
  | "unit_ok"
  | "flow_ok"
  | "feature_ok"
  | "onset_error_requests"
  | "replays"
  | "first_diagnosis_ms"
  | "actionable_diagnosis_ms"
  | "decision_ms"
  | "time_to_action_ms"
>;

export interface Truth {
  part: Part;
  cause: Cause;
  unit?: string;
  flow?: string;
  features?: string[];
}

/**
 * The grain of the actionable diagnosis's top suspect against the truth's: 1 when it names the unit,
 * the flow, or one of the features the fault changed; 0 when it names another or none; null when
 * the truth has no such grain (older journals, a fault that changes no feature) or there is no diagnosis.
 */
export function grain(
  top: Suspect | undefined,
  truth: Truth | null,
): Pick<Localization, "unit_ok" | "flow_ok" | "feature_ok"> {
  const judge = (have: boolean, ok: () => boolean): 0 | 1 | null => (!have || !top ? null : ok() ? 1 : 0);
  return {
    unit_ok: judge(truth?.unit !== undefined, () => top?.unit === truth?.unit),
    flow_ok: judge(truth?.flow !== undefined, () => top?.flow === truth?.flow),
    feature_ok: judge(Boolean(truth?.features?.length), () =>
      Boolean(top?.feature && truth?.features?.includes(top.feature)),
    ),
  };
}

/** A suspect is correct when it names the fault's part and cause (unit and feature are not judged). */
export function correct(s: Suspect, truth: Truth): boolean {
  return s.part === truth.part && s.cause === truth.cause;
}

/** 1 when a correct suspect is among the first k of the ranking. */
export function acAtK(ranked: Suspect[], truth: Truth, k: number): 0 | 1 {
  return ranked.slice(0, k).some((s) => correct(s, truth)) ? 1 : 0;
}

/**
 * The actionable diagnosis: the last one made at or before the first action decided (the one the
 * action follows); without an action, the operator's last diagnosis.
 */
export function actionable(records: JournalRecord[]): RecordOf<"diagnosis"> | null {
  const decision = first(records, "rollback")?.decision_ms;
  const all = ofType(records, "diagnosis");
  if (decision === undefined) return all.at(-1) ?? null;
  return all.filter((d) => d.at_ms <= decision).at(-1) ?? null;
}

/**
 * - ttl_ms = at_ms of the first diagnosis made at or after the fault began whose top suspect is
 *   correct, minus the fault's beginning. Null when none is, or without a fault or ground truth.
 * - first_diagnosis_ms = the first diagnosis at or after the fault began (trial clock).
 * - decision_ms = when the first action (a rollback) was decided; time_to_action_ms = that minus
 *   the fault's beginning (null without an action or a fault).
 * - ac1 / ac3 = 1 when the truth is in the top 1 / top 3 of the actionable diagnosis (above);
 *   ac1_last / ac3_last the same of the last diagnosis. 0 when there is none.
 * - replays = the last diagnosis's replays count (0 when none).
 * - unit_ok / flow_ok / feature_ok: grain() of the actionable diagnosis's top suspect.
 * - onset_error_requests = the actionable diagnosis's stated onset request minus the first anomalous
 *   request (detection's origin: the first request the fault touched, or the first sent after a
 *   system fault took effect); negative: stated too early; null when it states none.
 */
export function localization(records: JournalRecord[]): Localization {
  const truth = first(records, "trial")?.truth ?? null;
  const begin = faultBegins(records);
  // The first anomalous request: the first the fault touched, or the first after it took effect.
  const onset = detectionOrigin(records);
  const diagnoses = ofType(records, "diagnosis");
  const after = begin ? diagnoses.filter((d) => d.at_ms >= begin.at_ms) : [];
  const right = truth ? after.find((d) => d.ranked[0] && correct(d.ranked[0], truth)) : undefined;
  const acted = actionable(records);
  const final = last(records, "diagnosis");
  const decision = first(records, "rollback")?.decision_ms ?? null;
  return {
    ttl_ms: right && begin ? right.at_ms - begin.at_ms : null,
    first_diagnosis_ms: after[0]?.at_ms ?? null,
    actionable_diagnosis_ms: acted?.at_ms ?? null,
    decision_ms: decision,
    time_to_action_ms: decision !== null && begin ? decision - begin.at_ms : null,
    ac1: acted && truth ? acAtK(acted.ranked, truth, 1) : 0,
    ac3: acted && truth ? acAtK(acted.ranked, truth, 3) : 0,
    ac1_last: final && truth ? acAtK(final.ranked, truth, 1) : 0,
    ac3_last: final && truth ? acAtK(final.ranked, truth, 3) : 0,
    replays: final?.replays ?? 0,
    ...grain(acted?.ranked[0], truth),
    onset_error_requests:
      typeof acted?.onset_request === "number" && typeof onset?.at_request === "number"
        ? acted.onset_request - onset.at_request
        : null,
  };
}
