/** The measures the report shows and compares, which RQ each belongs to, and which way is better. */

import { UnknownNameError } from "../../systems/kit/catalog.ts";
import type { Summary } from "../../systems/kit/protocol/index.ts";
import type { Better, Rq, TrialRow } from "./types.ts";

export interface Measure {
  key: string;
  label: string;
  rq: Rq;
  /** median: a time or count (null = never happened, censored); rate: share of 1s; mean: a mean. */
  stat: "median" | "rate" | "mean";
  /** ms: a time; requests: counted in the traffic's requests; count: anything else counted (calls, systems). */
  unit: "ms" | "requests" | "count" | "share" | "per 10k";
  better: Better;
  value: (t: TrialRow) => number | null;
  /**
   * What a null value means: censored, the event never happened (a time or count that is +Infinity,
   * worse than any); missing, there was nothing to measure (the trial is left out of this measure).
   */
  nullIs: "censored" | "missing";
  /** The Summary fields the value reads: a trial whose journal predates one of them is left out. */
  fields: (keyof Summary)[];
  /** What the candidate does when this measure favours it, and when it does not. */
  words: { better: string; worse: string };
}

type Words = [better: string, worse: string];
type Nullable = {
  [K in keyof Summary]: Summary[K] extends number | null ? (null extends Summary[K] ? K : never) : never;
}[keyof Summary];
type Counted = {
  [K in keyof Summary]: Summary[K] extends number ? K : never;
}[keyof Summary];

/** A time or count from the summary where null means it never happened (censored); lower is better. */
const timed = (
  key: Nullable,
  label: string,
  rq: Rq,
  unit: "ms" | "requests",
  [better, worse]: Words,
  nullIs: Measure["nullIs"] = "censored",
): Measure => ({
  key,
  label,
  rq,
  stat: "median",
  unit,
  better: "lower",
  value: (t) => t[key],
  nullIs,
  fields: [key],
  words: { better, worse },
});

/** A count that always has a value (the operator's effort); lower is better. */
const counted = (key: Counted, label: string, rq: Rq, [better, worse]: Words): Measure => ({
  key,
  label,
  rq,
  stat: "median",
  unit: "count",
  better: "lower",
  value: (t) => t[key],
  nullIs: "missing",
  fields: [key],
  words: { better, worse },
});

/** A yes/no outcome per trial, shown as a share of trials. */
const share = (
  key: string,
  label: string,
  rq: Rq,
  better: Better,
  fields: (keyof Summary)[],
  value: (t: TrialRow) => 0 | 1 | null,
  [b, w]: Words,
): Measure => ({
  key,
  label,
  rq,
  stat: "rate",
  unit: "share",
  better,
  value,
  nullIs: "missing",
  fields,
  words: { better: b, worse: w },
});

export const MEASURES: readonly Measure[] = [
  timed("ttd_ms", "time to detect", "rq1", "ms", ["detects faults faster", "detects faults slower"]),
  timed("ttd_requests", "time to detect (requests)", "rq1", "requests", [
    "detects faults in fewer requests",
    "needs more requests to detect faults",
  ]),
  timed("ttl_ms", "time to localize", "rq1", "ms", ["localizes faults faster", "localizes faults slower"]),
  timed("time_to_action_ms", "time to action", "rq1", "ms", [
    "decides on an action sooner",
    "decides on an action later",
  ]),
  share("ac1", "AC@1 (actionable)", "rq1", "higher", ["ac1"], (t) => t.ac1, [
    "ranks the right cause first more often in the diagnosis it acts on",
    "ranks the right cause first less often in the diagnosis it acts on",
  ]),
  share("ac3", "AC@3 (actionable)", "rq1", "higher", ["ac3"], (t) => t.ac3, [
    "has the right cause in its top 3 more often in the diagnosis it acts on",
    "has it in its top 3 less often in the diagnosis it acts on",
  ]),
  share("ac1_last", "AC@1 (last)", "rq1", "higher", ["ac1_last"], (t) => t.ac1_last, [
    "ranks the right cause first more often in its last diagnosis",
    "ranks the right cause first less often in its last diagnosis",
  ]),
  share("ac3_last", "AC@3 (last)", "rq1", "higher", ["ac3_last"], (t) => t.ac3_last, [
    "has the right cause in its top 3 more often in its last diagnosis",
    "has it in its top 3 less often in its last diagnosis",
  ]),
  share("unit_ok", "unit right (actionable)", "rq1", "higher", ["unit_ok"], (t) => t.unit_ok, [
    "names the unit to act on more often",
    "names the unit to act on less often",
  ]),
  share("flow_ok", "flow right (actionable)", "rq1", "higher", ["flow_ok"], (t) => t.flow_ok, [
    "names the data flow where the fault shows more often",
    "names the data flow where the fault shows less often",
  ]),
  share("feature_ok", "feature right (actionable)", "rq1", "higher", ["feature_ok"], (t) => t.feature_ok, [
    "names a feature the fault changed more often",
    "names a feature the fault changed less often",
  ]),
  {
    key: "onset_error",
    label: "onset error (requests)",
    rq: "rq1",
    stat: "median",
    unit: "requests",
    better: "lower",
    // How far the stated first anomalous request is from the true one, either way.
    value: (t) => (t.onset_error_requests === null ? null : Math.abs(t.onset_error_requests)),
    nullIs: "missing",
    fields: ["onset_error_requests"],
    words: {
      better: "states the onset closer to the truth",
      worse: "states the onset further from the truth",
    },
  },
  share("silent", "silent faults", "rq1", "lower", ["silent"], (t) => (t.silent ? 1 : 0), [
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
    nullIs: "missing",
    fields: ["false_alarms_per_10k"],
    words: { better: "raises fewer false alarms", worse: "raises more false alarms" },
  },
  counted("surface_calls", "surface calls", "rq1", [
    "needs fewer calls on its operator surface",
    "needs more calls on its operator surface",
  ]),
  counted("side_systems", "side systems", "rq1", [
    "consults fewer side systems",
    "consults more side systems",
  ]),
  timed("restore_ms", "time to restore", "rq2", "ms", ["restores service faster", "restores service slower"]),
  timed("verify_ms", "time to verify", "rq2", "ms", [
    "verifies the restored release faster",
    "verifies the restored release slower",
  ]),
  timed("ttr_ms", "time to roll back (decision to verified)", "rq2", "ms", [
    "rolls back faster",
    "rolls back slower",
  ]),
  timed("rollback_failed_requests", "failed requests (rollback)", "rq2", "requests", [
    "fails fewer requests while rolling back",
    "fails more requests while rolling back",
  ]),
  timed(
    "rollback_wrong_answers",
    "wrong answers (rollback)",
    "rq2",
    "requests",
    ["gives fewer wrong answers while rolling back", "gives more wrong answers while rolling back"],
    "missing",
  ),
  timed(
    "contract_breaks",
    "contract breaks",
    "rq2",
    "requests",
    [
      "breaks fewer requests on mismatched contract versions",
      "breaks more requests on mismatched contract versions",
    ],
    "missing",
  ),
  timed("rollback_downtime_ms", "downtime", "rq2", "ms", [
    "is down for less time while rolling back",
    "is down for longer while rolling back",
  ]),
  timed(
    "incident_failed_requests",
    "failed requests (incident)",
    "rq2",
    "requests",
    ["fails fewer requests over the incident", "fails more requests over the incident"],
    "missing",
  ),
  timed(
    "incident_wrong_answers",
    "wrong answers (incident)",
    "rq2",
    "requests",
    ["gives fewer wrong answers over the incident", "gives more wrong answers over the incident"],
    "missing",
  ),
  share("rollback_ok", "success", "rq2", "higher", ["rollback_ok"], (t) => (t.rollback_ok === true ? 1 : 0), [
    "rolls back successfully more often",
    "rolls back successfully less often",
  ]),
  share(
    "collateral",
    "collateral",
    "rq2",
    "lower",
    ["collateral_units"],
    (t) => (t.collateral_units.length > 0 ? 1 : 0),
    ["reverts fine units less often", "reverts fine units more often"],
  ),
  share(
    "improvement_lost",
    "improvement lost",
    "rq2",
    "lower",
    ["improvement_lost"],
    (t) => (t.improvement_lost === null ? null : t.improvement_lost ? 1 : 0),
    ["keeps the logic improvement through the rollback more often", "loses the logic improvement more often"],
  ),
];

/** Each RQ's compared measures; the first is the verdict's primary measure, the second supports it. */
export const COMPARED: Record<Rq, readonly string[]> = {
  rq1: ["ttl_ms", "ac1", "ttd_ms", "ttd_requests", "time_to_action_ms"],
  rq2: [
    "restore_ms",
    "rollback_failed_requests",
    "verify_ms",
    "ttr_ms",
    "rollback_wrong_answers",
    "contract_breaks",
    "incident_failed_requests",
    "incident_wrong_answers",
  ],
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
 * was expected: a time or an outcome recorded. The scorer records rollback_ok false (its times null,
 * censored) for a release fault that was never rolled back, so those count here as failed rollbacks.
 */
export function inRq(t: TrialRow, rq: Rq): boolean {
  if (rq === "rq1") return t.kind === "rq1";
  return t.kind === "rq2" || t.ttr_ms !== null || t.rollback_ok !== null;
}

/**
 * The trials an RQ's table, comparisons and verdict read. RQ2 reads the Section 5 drills when the
 * trials hold any (the paper's RQ2 protocol); only without them the rollbacks inside fault trials
 * (inRq), which otherwise have a table of their own (incidentRollbacks).
 */
export function rqTrials(trials: TrialRow[], rq: Rq): TrialRow[] {
  const drills = rq === "rq2" ? trials.filter((t) => t.kind === "rq2") : [];
  return drills.length ? drills : trials.filter((t) => inRq(t, rq));
}

/** RQ2's second table: rollbacks during an incident (fault trials where one happened or was expected). */
export const incidentRollbacks = (trials: TrialRow[]): TrialRow[] =>
  trials.filter((t) => t.kind !== "rq2" && inRq(t, "rq2"));

/**
 * Whether a trial has this measure: its journal recorded every field the measure reads (a journal
 * written before a field existed did not), and its value is not a null that means "nothing to measure".
 */
export function measured(x: Measure, t: TrialRow): boolean {
  if (t.unmeasured?.some((f) => (x.fields as string[]).includes(f))) return false;
  return x.nullIs === "censored" || x.value(t) !== null;
}

/** The value the statistics take: a censored (never-happened) median measure is +Infinity. */
export function statValue(x: Measure, t: TrialRow): number {
  return x.value(t) ?? Infinity;
}
