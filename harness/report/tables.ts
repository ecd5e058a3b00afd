/** The RQ tables: per task x fault kind (and pooled "all" rows), each pattern's figures side by side. */
import { mean } from "simple-statistics";
import { type CensoredInterval, medianInterval } from "./censored.ts";
import { extendedMedian, extendedQuantileSorted, sortExtended, toExtOrNull } from "./extended.ts";
import { type Measure, measured, measuresOf, rqTrials, statValue } from "./measures.ts";
import type { Cell, Figure, Interval, Operator, Rq, RqTable, TrialRow } from "./types.ts";

export const ALL = "all";

/** The paper's kinds of change first, then anything else alphabetically. */
const KIND_ORDER = ["trend", "schema", "release", "infra", "rq2"];
const byKind = (a: string, b: string) => {
  const ia = KIND_ORDER.indexOf(a);
  const ib = KIND_ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
};

export interface Group {
  task: string;
  faultKind: string;
  trials: TrialRow[];
}

/** Every task x fault kind with data, each task's "all kinds" row, then the same pooled over tasks. */
export function groupsOf(trials: TrialRow[]): Group[] {
  const tasks = [...new Set(trials.map((t) => t.task))].sort();
  const groups: Group[] = [];
  for (const task of [...tasks, ALL]) {
    const ofTask = task === ALL ? trials : trials.filter((t) => t.task === task);
    const kinds = [...new Set(ofTask.map((t) => t.faultKind))].sort(byKind);
    for (const faultKind of kinds)
      groups.push({ task, faultKind, trials: ofTask.filter((t) => t.faultKind === faultKind) });
    if (ofTask.length > 0) groups.push({ task, faultKind: ALL, trials: ofTask });
  }
  return groups;
}

/** Seeds name the figure, not the run: the same trials give the same interval in any run. */
export const figureSeed = (parts: readonly string[]) => parts.join("|");

export function intervalOf(ci: CensoredInterval): Interval {
  return {
    estimate: toExtOrNull(ci.estimate),
    low: toExtOrNull(ci.low),
    high: toExtOrNull(ci.high),
    level: ci.level,
    resamples: ci.resamples,
  };
}

/** One pattern's figure of one measure: over the trials that have it (see measured()). */
export function figureOf(x: Measure, all: TrialRow[], seed: string, resamples?: number): Figure {
  const trials = all.filter((t) => measured(x, t));
  const n = trials.length;
  if (x.stat === "rate") {
    const count = trials.filter((t) => x.value(t) === 1).length;
    return { stat: "rate", n, count, rate: n ? count / n : null };
  }
  if (x.stat === "mean") {
    const values = trials.map(x.value).filter((v): v is number => v !== null);
    return { stat: "mean", n: values.length, mean: values.length ? mean(values) : null };
  }
  const values = trials.map((t) => statValue(x, t));
  const sorted = sortExtended(values);
  const q = (p: number) => toExtOrNull(extendedQuantileSorted(sorted, p));
  return {
    stat: "median",
    n,
    censored: values.filter((v) => v === Infinity).length,
    median: toExtOrNull(extendedMedian(values)),
    q1: q(0.25),
    q3: q(0.75),
    ci: n ? intervalOf(medianInterval(values, { seed, resamples })) : null,
  };
}

export function rqTable(
  rq: Rq,
  operator: Operator,
  trials: TrialRow[],
  patterns: readonly string[],
  resamples?: number,
): RqTable {
  const measures = measuresOf(rq);
  const rows = groupsOf(rqTrials(trials, rq)).map((g) => {
    const cells: Record<string, Cell> = {};
    for (const pattern of patterns) {
      const mine = g.trials.filter((t) => t.arm === pattern);
      const figures: Record<string, Figure> = {};
      for (const x of measures)
        figures[x.key] = figureOf(
          x,
          mine,
          figureSeed([operator, rq, g.task, g.faultKind, pattern, x.key]),
          resamples,
        );
      cells[pattern] = { trials: mine.length, figures };
    }
    return { task: g.task, faultKind: g.faultKind, cells };
  });
  return { rq, measures: measures.map((x) => x.key), rows };
}
