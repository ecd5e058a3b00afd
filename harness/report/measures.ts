/** The measures the report shows and compares, which RQ each belongs to, and which way is better. */

import { UnknownNameError } from "../../systems/kit/catalog.ts";
import type { Better, Rq, TrialRow } from "./types.ts";

export interface Measure {
  key: string;
  label: string;
  rq: Rq;
  /** median: a time or count (null = never happened, censored); rate: share of 1s; mean: a mean. */
  stat: "median" | "rate" | "mean";
  unit: "ms" | "requests" | "share" | "per 10k";
  better: Better;
  value: (t: TrialRow) => number | null;
  /** What the candidate does when this measure favours it, and when it does not. */
  words: { better: string; worse: string };
}

type Words = [better: string, worse: string];
type Nullable =
  | "ttd_ms"
  | "ttd_requests"
  | "ttl_ms"
  | "ttr_ms"
  | "rollback_failed_requests"
  | "rollback_downtime_ms";

/** A time or count from the summary where null means it never happened; lower is better. */
const timed = (
  key: Nullable,
  label: string,
  rq: Rq,
  unit: "ms" | "requests",
  [better, worse]: Words,
): Measure => ({
  key,
  label,
  rq,
  stat: "median",
  unit,
  better: "lower",
  value: (t) => t[key],
  words: { better, worse },
});

/** A yes/no outcome per trial, shown as a share of trials. */
const share = (
  key: string,
  label: string,
  rq: Rq,
  better: Better,
  value: (t: TrialRow) => 0 | 1,
  [b, w]: Words,
): Measure => ({
  key,
  label,
  rq,
  stat: "rate",
  unit: "share",
  better,
  value,
  words: { better: b, worse: w },
});

export const MEASURES: readonly Measure[] = [
  timed("ttd_ms", "time to detect", "rq1", "ms", ["detects faults faster", "detects faults slower"]),
  timed("ttd_requests", "time to detect (requests)", "rq1", "requests", [
    "detects faults in fewer requests",
    "needs more requests to detect faults",
  ]),
  timed("ttl_ms", "time to localize", "rq1", "ms", ["localizes faults faster", "localizes faults slower"]),
  share("ac1", "AC@1", "rq1", "higher", (t) => t.ac1, [
    "ranks the right cause first more often",
    "ranks the right cause first less often",
  ]),
  share("ac3", "AC@3", "rq1", "higher", (t) => t.ac3, [
    "has the right cause in its top 3 more often",
    "has it in its top 3 less often",
  ]),
  share("silent", "silent faults", "rq1", "lower", (t) => (t.silent ? 1 : 0), [
    "leaves fewer faults silent",
    "leaves more faults silent",
  ]),
  {
    key: "false_alarms_per_10k",
    label: "false alarms / 10k",
    rq: "rq1",
    stat: "mean",
    unit: "per 10k",
    better: "lower",
    value: (t) => t.false_alarms_per_10k,
    words: { better: "raises fewer false alarms", worse: "raises more false alarms" },
  },
  timed("ttr_ms", "time to roll back", "rq2", "ms", ["rolls back faster", "rolls back slower"]),
  timed("rollback_failed_requests", "failed requests", "rq2", "requests", [
    "fails fewer requests while rolling back",
    "fails more requests while rolling back",
  ]),
  timed("rollback_downtime_ms", "downtime", "rq2", "ms", [
    "is down for less time while rolling back",
    "is down for longer while rolling back",
  ]),
  share("rollback_ok", "success", "rq2", "higher", (t) => (t.rollback_ok === true ? 1 : 0), [
    "rolls back successfully more often",
    "rolls back successfully less often",
  ]),
  share("collateral", "collateral", "rq2", "lower", (t) => (t.collateral_units.length > 0 ? 1 : 0), [
    "reverts fine units less often",
    "reverts fine units more often",
  ]),
];

/** Each RQ's compared measures; the first is the verdict's primary measure, the second supports it. */
export const COMPARED: Record<Rq, readonly string[]> = {
  rq1: ["ttl_ms", "ac1", "ttd_ms"],
  rq2: ["ttr_ms", "rollback_failed_requests", "rollback_downtime_ms"],
};

export function measure(key: string): Measure {
  const found = MEASURES.find((x) => x.key === key);
  if (!found)
    throw new UnknownNameError(
      "measure",
      key,
      MEASURES.map((x) => x.key),
    );
  return found;
}

export const measuresOf = (rq: Rq): Measure[] => MEASURES.filter((x) => x.rq === rq);

/**
 * RQ1 takes the fault trials; RQ2 takes the drills and every trial where a rollback happened or
 * was expected (a time or an outcome recorded).
 */
export function inRq(t: TrialRow, rq: Rq): boolean {
  if (rq === "rq1") return t.kind === "rq1";
  return t.kind === "rq2" || t.ttr_ms !== null || t.rollback_ok !== null;
}

/** The value the statistics take: a censored (never-happened) median measure is +Infinity. */
export function statValue(x: Measure, t: TrialRow): number {
  return x.value(t) ?? Infinity;
}
