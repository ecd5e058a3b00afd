/** The report model, computed once from a run directory's files; every rendering reads only this. */
import { COMPARISON } from "../experiment/comparison.ts";
import { ALPHA, comparisonsOf, type Patterns } from "./comparisons.ts";
import { type LoadedRun, loadRun } from "./load.ts";
import { questionnaireOf } from "./questionnaire.ts";
import { DEFAULT_RESAMPLES } from "./stats/index.ts";
import { rqTable } from "./tables.ts";
import { teamsOf } from "./teams.ts";
import type { Analysis, Operator, ReportModel } from "./types.ts";
import { verdictOf } from "./verdict.ts";

export const DEFAULT_PATTERNS: Patterns = { baseline: COMPARISON.baseline, candidate: COMPARISON.treatment };
/** Operators in the order their analyses appear: the runbook first, people's drills after. */
const OPERATORS: Operator[] = ["auto", "human"];
/** Every interval is a 95% one (the stats module's default level). */
const LEVEL = 0.95;

export interface ModelOptions {
  patterns?: Patterns;
  /** Bootstrap resamples per interval (2000 by default). */
  resamples?: number;
}

/** Nested manifest fields as dotted keys; arrays joined, so any manifest shape renders as a table. */
export function flattenManifest(value: unknown, prefix = ""): [string, string][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => flattenManifest(v, prefix ? `${prefix}.${k}` : k));
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === "object"))
    return value.flatMap((v, i) => flattenManifest(v, `${prefix}[${i}]`));
  const text = Array.isArray(value)
    ? value.join(", ")
    : value === null || value === undefined
      ? ""
      : String(value);
  return [[prefix, text]];
}

export const HUMAN_PAIRING =
  "Human drills pair by team: a pair is one team's drills of both patterns of the same task (and kind), whatever their scenarios and seeds, since a crossover study gives a team a different fault under each pattern. A drill whose journal names no team pairs with nothing. The tests, intervals and rule are the automated analysis's.";

export function methodOf(
  p: Patterns,
  resamples: number,
  level: number,
  humans = false,
): ReportModel["method"] {
  const pct = Math.round(level * 100);
  return {
    alpha: ALPHA,
    level,
    resamples,
    rule: `${p.candidate} is called better (or worse) than ${p.baseline} on a measure when the design's two-sided test gives p < ${ALPHA} and the ${pct}% bootstrap CI of the difference (${p.candidate} - ${p.baseline}; the median difference for times and counts, the difference in rates for AC@1) lies entirely on that side of 0; otherwise there is no clear difference. Lower is better for times and counts, higher for AC@1.`,
    pairing: `A pair is one task, scenario, kind and seed finished under both patterns, by the same kind of operator. When at least half of each pattern's trials pair, the comparison is paired (Wilcoxon signed-rank on ${p.candidate} - ${p.baseline}, zero differences dropped); otherwise unpaired (Mann-Whitney U), which is also given whenever some trials are unmatched. A12 is the probability that a ${p.candidate} value exceeds a ${p.baseline} one (ties half). Intervals are seeded percentile bootstraps (${resamples} resamples).`,
    ...(humans ? { humanPairing: HUMAN_PAIRING } : {}),
    censoring: `A trial where the measured event never happened (a fault never detected or never localized, a rollback that never passed its tests) is censored: it counts as worse than any observed time, tied with the other censored trials, in the rank tests and in A12. A pair where both never reached the event is a zero difference. Medians, quartiles and bootstrap ends are taken in extended arithmetic: one that falls on or next to a censored value is "not reached" (+∞, or -∞ for a difference where the ${p.baseline} trial never reached it); between -∞ and +∞, or between two not-reached medians, it is "undetermined", and an interval with undetermined resamples is not given. Censored trials are counted next to every figure, never dropped.`,
  };
}

export function modelFromRun(run: LoadedRun, options: ModelOptions = {}): ReportModel {
  const patterns = options.patterns ?? DEFAULT_PATTERNS;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const operators = OPERATORS.filter((o) => run.trials.some((t) => t.operator === o));
  const analyses: Analysis[] = operators.map((operator) => {
    const trials = run.trials.filter((t) => t.operator === operator);
    const names = [patterns.baseline, patterns.candidate];
    const comparisons = [
      ...comparisonsOf("rq1", operator, trials, patterns, resamples),
      ...comparisonsOf("rq2", operator, trials, patterns, resamples),
    ];
    const common = { operator, comparisons, trials, patterns, unfinished: run.unfinished, operators };
    const human = operator === "human" && {
      questionnaire: questionnaireOf(trials, patterns),
      teams: teamsOf(trials, patterns),
    };
    return {
      operator,
      trials: trials.length,
      rq1: rqTable("rq1", operator, trials, names, resamples),
      rq2: rqTable("rq2", operator, trials, names, resamples),
      comparisons,
      verdicts: [
        verdictOf({ ...common, rq: "rq1", comparisons: comparisons.filter((c) => c.rq === "rq1") }),
        verdictOf({ ...common, rq: "rq2", comparisons: comparisons.filter((c) => c.rq === "rq2") }),
      ],
      ...human,
    };
  });
  return {
    format: "archdrill-report/1",
    runId: run.runId,
    layout: run.layout,
    manifest: run.manifest,
    manifestRows: flattenManifest(run.manifest),
    patterns,
    counts: {
      planned: run.planned.length,
      finished: run.trials.length,
      unfinished: run.unfinished,
      truncated: run.truncated,
      notPlanned: run.notPlanned,
      failedSteps: run.trials
        .filter((t) => t.failed_steps.length)
        .map((t) => ({ id: t.id, steps: t.failed_steps })),
    },
    method: methodOf(patterns, resamples, LEVEL, operators.includes("human")),
    trials: run.trials,
    analyses,
  };
}

export function buildReportModel(runDir: string, options: ModelOptions = {}): ReportModel {
  return modelFromRun(loadRun(runDir), options);
}
