/** RQ1 localization measures, on (part, cause) of the ranked diagnosis. */

import type { JournalRecord, Summary, Suspect } from "../../systems/kit/protocol/index.ts";
import type { Cause, Part } from "../faults/types.ts";
import { first, injectionOf, last, ofType } from "./records.ts";

export type Localization = Pick<Summary, "ttl_ms" | "ac1" | "ac3" | "replays">;

export interface Truth {
  part: Part;
  cause: Cause;
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
 * - ttl_ms = at_ms of the first diagnosis (in journal order, made at or after the injection)
 *   whose top suspect is correct, minus the injection's at_ms. Null when none is, or when there
 *   was no injection or no ground truth (no `trial` record).
 * - ac1 / ac3 = 1 when the truth is in the top 1 / top 3 of the LAST diagnosis: the operator's
 *   final answer. 0 when there is no diagnosis.
 * - replays = the last diagnosis's replays count (0 when none).
 */
export function localization(records: JournalRecord[]): Localization {
  const truth = first(records, "trial")?.truth ?? null;
  const inj = injectionOf(records);
  const final = last(records, "diagnosis");
  // A diagnosis before the injection cannot have found a fault that did not exist yet.
  const right =
    truth && inj
      ? ofType(records, "diagnosis").find(
          (d) => d.at_ms >= inj.at_ms && d.ranked[0] && correct(d.ranked[0], truth),
        )
      : undefined;
  return {
    ttl_ms: right && inj ? right.at_ms - inj.at_ms : null,
    ac1: final && truth ? acAtK(final.ranked, truth, 1) : 0,
    ac3: final && truth ? acAtK(final.ranked, truth, 3) : 0,
    replays: final?.replays ?? 0,
  };
}
