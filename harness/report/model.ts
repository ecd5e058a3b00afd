/** The report model, computed once from a run directory's files; every rendering reads only this. */
import { armRows, comparedArms, contrastsOf } from "./arms.ts";
import { ALPHA, comparisonsOf, type Patterns } from "./comparisons.ts";
import { type LoadedRun, loadRun } from "./load.ts";
import type { Margins } from "./margins.ts";
import { COMPARED, incidentRollbacks, measure } from "./measures.ts";
import { questionnaireOf } from "./questionnaire.ts";
import { DEFAULT_RESAMPLES } from "./stats/index.ts";
import { rqTable } from "./tables.ts";
import { teamsOf } from "./teams.ts";
import type { Analysis, Operator, ReportModel, Resolution, TrialRow } from "./types.ts";
import { verdictOf } from "./verdict.ts";

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

const headlineList = (rq: "rq1" | "rq2") => COMPARED[rq].map((k) => measure(k).label).join(", ");

export function methodOf(
  p: Patterns,
  resamples: number,
  level: number,
  humans = false,
  margins: { margins: Margins; source: "manifest" | "default" } = { margins: {}, source: "default" },
): ReportModel["method"] {
  const pct = Math.round(level * 100);
  const listed = Object.entries(margins.margins)
    .map(([k, m]) => `${k} ${m}`)
    .join(", ");
  return {
    alpha: ALPHA,
    level,
    resamples,
    rule: `Each comparison gets one of five words. ${p.candidate} is better (or worse) than ${p.baseline} on a measure when the design's two-sided test gives p < ${ALPHA} (Holm-adjusted for a headline row, raw for an exploratory one), the test can give such a p at all at that size (its smallest attainable p is below ${ALPHA}), and the ${pct}% bootstrap CI of the difference (${p.candidate} - ${p.baseline}; the median difference for times and counts, the difference in rates for AC@1 and other shares) lies entirely on that side of 0. Equivalent: not better or worse, and the equivalence test gives p < ${ALPHA} (adjusted as the difference test is) and the CI lies strictly inside the measure's margin. No data: no pair (unpaired: no trial) carries a difference. Inconclusive: anything else. Lower is better for times and counts, higher for AC@1.`,
    pairing: `A pair is one task, scenario, kind and seed finished under both patterns, by the same kind of operator. When at least half of each pattern's trials pair, the comparison is paired (Wilcoxon signed-rank on ${p.candidate} - ${p.baseline}, zero differences dropped, exact up to 50 non-zero differences); otherwise unpaired (Mann-Whitney U), which is also given whenever some trials are unmatched. A12 is the probability that a ${p.candidate} value exceeds a ${p.baseline} one (ties half). Intervals are seeded percentile bootstraps (${resamples} resamples).`,
    ...(humans ? { humanPairing: HUMAN_PAIRING } : {}),
    censoring: `A trial where the measured event never happened (a fault never detected or never localized, a rollback that never passed its tests) is censored: it counts as worse than any observed time, tied with the other censored trials, in the rank tests and in A12. A pair where neither pattern reached the event carries no difference: it is left out of the test, the interval and the equivalence test (as the signed-rank test leaves out a zero), and a comparison where no pair carries one (unpaired: neither pattern ever reached the event) has no data. Medians, quartiles and bootstrap ends are taken in extended arithmetic: one that falls on or next to a censored value is "not reached" (+∞, or -∞ for a difference where the ${p.baseline} trial never reached it); between -∞ and +∞, or between two not-reached medians, it is "undetermined", and an interval with undetermined resamples is not given. Censored trials are counted next to every figure, never dropped. A trial whose journal was written before a measure existed is left out of that measure (not measured is not "never happened").`,
    multiplicity: `One family of tests per operator and RQ, declared in advance: the headline rows, each compared measure pooled over all tasks and fault kinds (RQ1: ${headlineList("rq1")}; RQ2: ${headlineList("rq2")}). Their p's are Holm-adjusted within the family (the equivalence tests among themselves likewise), and the verdicts and headline rows use the adjusted p. Per-task and per-fault-kind rows are exploratory: not corrected for multiplicity; their word uses the raw p and says where to look, not what was shown. A row marked † cannot reach p < ${ALPHA} at its size whatever the data (the exact test's smallest attainable p: 2 / 2^n for n non-zero paired differences, 2 / C(m + n, m) for Mann-Whitney).`,
    equivalence: `Equivalence is two one-sided Wilcoxon signed-rank tests (TOST) on the paired differences that carry one, against the measure's margin: p = the larger one-sided p. Margins (${margins.source === "manifest" ? "declared in the run's manifest" : "the defaults: the run's manifest declares none"}): ${listed || "none"}. No equivalence test for rates (AC@1, success, collateral) or for an unpaired design: such a row is better, worse, inconclusive or no data.`,
    intervals: `Per-task rows: the paired percentile bootstrap of the median difference, resampling pairs (unpaired rows: each pattern's trials on their own; rates: the difference in rates). Pooled rows (all tasks) of a time or count with a paired design: a two-stage cluster bootstrap of the median paired difference, resampling tasks, then seeds within each task (for human drills: teams within each task), since pairs of one task or seed are not independent draws. Every interval is ${pct}%, seeded by the figure's name (${resamples} resamples).`,
    margins: margins.margins,
    marginsSource: margins.source,
  };
}

/** The instrument's resolution: the worst clock uncertainty, and each pattern's worst alert delivery p95. */
export function resolutionOf(trials: TrialRow[], patterns: readonly string[]): Resolution {
  const worst = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length ? Math.max(...known) : null;
  };
  const names = [...new Set([...patterns, ...trials.map((t) => t.arm)])];
  return {
    clockMs: worst(trials.map((t) => t.clock_uncertainty_ms)),
    deliveryP95Ms: Object.fromEntries(
      names.map((p) => [p, worst(trials.filter((t) => t.arm === p).map((t) => t.alert_delivery_p95_ms))]),
    ),
  };
}

export function modelFromRun(run: LoadedRun, options: ModelOptions = {}): ReportModel {
  const patterns = options.patterns ?? comparedArms(run);
  const arms = armRows(run.trials, patterns);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const operators = OPERATORS.filter((o) => run.trials.some((t) => t.operator === o));
  const analyses: Analysis[] = operators.map((operator) => {
    const trials = run.trials.filter((t) => t.operator === operator);
    const names = [patterns.baseline, patterns.candidate];
    const options = { resamples, margins: run.margins };
    const comparisons = [
      ...comparisonsOf("rq1", operator, trials, patterns, options),
      ...comparisonsOf("rq2", operator, trials, patterns, options),
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
      rq2Incident: trials.some((t) => t.kind === "rq2")
        ? rqTable("rq2", operator, incidentRollbacks(trials), names, resamples)
        : null,
      comparisons,
      contrasts: contrastsOf(trials, operator, patterns, options),
      verdicts: [
        verdictOf({ ...common, rq: "rq1", comparisons: comparisons.filter((c) => c.rq === "rq1") }),
        verdictOf({ ...common, rq: "rq2", comparisons: comparisons.filter((c) => c.rq === "rq2") }),
      ],
      ...human,
    };
  });
  return {
    format: "archdrill-report/2",
    runId: run.runId,
    layout: run.layout,
    manifest: run.manifest,
    manifestRows: flattenManifest(run.manifest),
    patterns,
    arms,
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
    method: methodOf(patterns, resamples, LEVEL, operators.includes("human"), {
      margins: run.margins,
      source: run.marginsSource,
    }),
    resolution: resolutionOf(
      run.trials,
      arms.map((a) => a.name),
    ),
    trials: run.trials,
    analyses,
  };
}

export function buildReportModel(runDir: string, options: ModelOptions = {}): ReportModel {
  return modelFromRun(loadRun(runDir), options);
}
