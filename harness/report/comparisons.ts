/**
 * Candidate pattern against baseline, one measure in one group: paired where trials pair (see
 * pairKey), unpaired where they do not, with an effect size, a bootstrap CI of the median difference
 * (of the rate difference for a 0/1 measure), the smallest p the design can give, and an equivalence
 * test against the measure's margin. Never-happened values are +Infinity (censored.ts); a pair where
 * neither pattern reached the event carries no difference and is left out of tests and intervals.
 * The pooled rows of the compared measures form each RQ's headline family, Holm-adjusted (adjustFamily).
 */
import {
  carriesDifference,
  censoredA12,
  censoredMannWhitney,
  censoredWilcoxon,
  differenceInterval,
  pairedDifferences,
} from "./censored.ts";
import { extendedDifference, extendedMedian, fromExt, toExtOrNull } from "./extended.ts";
import { DEFAULT_MARGINS, type Margins } from "./margins.ts";
import { COMPARED, type Measure, measure, measured, rqTrials, statValue } from "./measures.ts";
import { clusterBootstrapMedianCI, holm, minAttainableP, tostWilcoxon, verdict } from "./stats/index.ts";
import { ALL, figureSeed, groupsOf, intervalOf } from "./tables.ts";
import { teamOf } from "./teams.ts";
import type { Comparison, Direction, Operator, Resampling, Rq, TrialRow } from "./types.ts";

export const ALPHA = 0.05;

export interface Patterns {
  baseline: string;
  candidate: string;
}

/**
 * What makes two trials a pair. The runbook: same task, scenario, kind and seed. People: the same
 * team on the same task and kind, whatever the scenarios (a crossover study gives a team a different
 * fault under each pattern); a drill without a team pairs with nothing (null).
 */
export function pairKey(t: TrialRow): string | null {
  if (t.operator !== "human") return JSON.stringify([t.task, t.scenario, t.kind, t.seed]);
  const team = teamOf(t);
  return team === null ? null : JSON.stringify([t.task, t.kind, team]);
}

/** Trials of the two patterns matched one to one by pair key (in id order); the rest are unmatched. */
export function pairTrials(
  baseline: TrialRow[],
  candidate: TrialRow[],
): { pairs: [TrialRow, TrialRow][]; unmatched: number } {
  const byKey = new Map<string, TrialRow[]>();
  const sorted = (ts: TrialRow[]) => [...ts].sort((a, b) => a.id.localeCompare(b.id));
  for (const t of sorted(baseline)) {
    const key = pairKey(t);
    if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), t]);
  }
  const pairs: [TrialRow, TrialRow][] = [];
  for (const c of sorted(candidate)) {
    const key = pairKey(c);
    const b = key === null ? undefined : byKey.get(key)?.shift();
    if (b) pairs.push([b, c]);
  }
  return { pairs, unmatched: baseline.length + candidate.length - 2 * pairs.length };
}

const center = (x: Measure, values: number[]) =>
  values.length === 0
    ? null
    : x.stat === "median"
      ? toExtOrNull(extendedMedian(values))
      : values.reduce((s, v) => s + v, 0) / values.length;

/**
 * The row's word by the rule of stats/verdict.ts: a headline row takes its Holm-adjusted p's, an
 * exploratory row its raw ones; the smallest attainable p guards against a p the exact test could
 * not give.
 */
export function directionOf(
  c: Pick<Comparison, "usable" | "p" | "pHolm" | "family" | "difference" | "better" | "minP" | "tost">,
): Direction {
  const headline = c.family === "headline";
  const end = (v: Comparison["centerBaseline"] | undefined) =>
    v === null || v === undefined ? null : fromExt(v);
  return verdict({
    n: c.usable,
    p: headline ? c.pHolm : c.p,
    ciLow: end(c.difference?.low),
    ciHigh: end(c.difference?.high),
    tostP: c.tost === null ? null : headline ? c.tost.pHolm : c.tost.p,
    margin: c.tost?.margin ?? null,
    alpha: ALPHA,
    minP: c.minP ?? undefined,
    lowerIsBetter: c.better === "lower",
  });
}

/** Differences at a resolution of 1 µs, so the shifted differences of the TOST tie where they tie on paper. */
const atResolution = (d: number) => (Number.isFinite(d) ? Math.round(d * 1000) / 1000 : d);

export interface CompareOptions {
  /** Bootstrap resamples per interval (2000 by default). */
  resamples?: number;
  /** Equivalence margins per measure (DEFAULT_MARGINS when absent). */
  margins?: Margins;
}

export function compare(
  x: Measure,
  group: { task: string; faultKind: string; trials: TrialRow[] },
  operator: Operator,
  patterns: Patterns,
  options: CompareOptions = {},
): Comparison {
  const mine = group.trials.filter((t) => measured(x, t));
  const base = mine.filter((t) => t.arm === patterns.baseline);
  const cand = mine.filter((t) => t.arm === patterns.candidate);
  const value = (t: TrialRow) => statValue(x, t);
  const bv = base.map(value);
  const cv = cand.map(value);
  const { pairs, unmatched } = pairTrials(base, cand);
  const usablePairs = pairs.filter(([b, c]) => carriesDifference(value(c), value(b)));
  const pb = usablePairs.map(([b]) => value(b));
  const pc = usablePairs.map(([, c]) => value(c));
  const design: Comparison["design"] =
    base.length === 0 || cand.length === 0
      ? "none"
      : pairs.length > 0 && 2 * pairs.length >= base.length && 2 * pairs.length >= cand.length
        ? "paired"
        : "unpaired";
  const neverEither = [...bv, ...cv].every((v) => v === Infinity);
  const usable =
    design === "paired"
      ? usablePairs.length
      : design === "unpaired" && !neverEither
        ? base.length + cand.length
        : 0;
  const differences = pairedDifferences(pc, pb);
  const w = usablePairs.length > 0 ? censoredWilcoxon(differences) : null;
  const mw =
    design !== "none" && !neverEither && (unmatched > 0 || design === "unpaired")
      ? censoredMannWhitney(cv, bv)
      : null;
  const effect = usable > 0 ? censoredA12(cv, bv) : null;
  const seed = figureSeed([operator, x.rq, group.task, group.faultKind, x.key, "difference"]);
  const statistic = x.stat === "rate" ? ("rate" as const) : ("median" as const);
  const bootstrap = { seed, resamples: options.resamples };

  let difference: Comparison["difference"] = null;
  if (usable > 0 && design !== "none") {
    const pooled = design === "paired" && statistic === "median" && group.task === ALL;
    const resampling: Resampling = pooled
      ? operator === "human"
        ? "task, team"
        : "task, seed"
      : design === "paired"
        ? "pairs"
        : "samples";
    const ci = pooled
      ? clusterBootstrapMedianCI(clusterRows(usablePairs, x, operator), bootstrap)
      : design === "paired"
        ? differenceInterval("paired", pc, pb, statistic, bootstrap)
        : differenceInterval("unpaired", cv, bv, statistic, bootstrap);
    if (ci) difference = { kind: design, statistic, resampling, ...intervalOf(ci) };
  }

  const minP =
    design === "paired" && w
      ? minAttainableP("wilcoxon", w.n)
      : design === "unpaired" && usable > 0
        ? minAttainableP("mann-whitney", base.length, cand.length)
        : null;
  const margin = (options.margins ?? DEFAULT_MARGINS)[x.key];
  const tost =
    margin !== undefined && statistic === "median" && design === "paired" && usablePairs.length > 0
      ? tostWilcoxon(differences.map(atResolution), margin, ALPHA)
      : null;

  const higherFavours = x.better === "higher" ? patterns.candidate : patterns.baseline;
  const lowerFavours = x.better === "higher" ? patterns.baseline : patterns.candidate;
  const comparison: Comparison = {
    operator,
    rq: x.rq,
    measure: x.key,
    better: x.better,
    task: group.task,
    faultKind: group.faultKind,
    nBaseline: base.length,
    nCandidate: cand.length,
    censoredBaseline: bv.filter((v) => v === Infinity).length,
    censoredCandidate: cv.filter((v) => v === Infinity).length,
    centerBaseline: center(x, bv),
    centerCandidate: center(x, cv),
    pairs: pairs.length,
    pairsCensored: pairs.filter(([b, c]) => value(b) === Infinity || value(c) === Infinity).length,
    unmatched,
    usable,
    design,
    wilcoxon: w && { n: w.n, w: w.w, p: w.p, method: w.method },
    mannWhitney: mw && { u: mw.u, p: mw.p, method: mw.method },
    p: design === "paired" ? (w?.p ?? null) : design === "unpaired" ? (mw?.p ?? null) : null,
    family: group.task === ALL && group.faultKind === ALL ? "headline" : "exploratory",
    pHolm: null,
    minP,
    canReach: minP !== null && minP < ALPHA,
    tost: tost && { margin, n: tost.n, p: tost.p, pHolm: null },
    a12: effect?.a12 ?? null,
    a12Magnitude: effect?.magnitude ?? null,
    favours:
      effect === null ? null : effect.a12 > 0.5 ? higherFavours : effect.a12 < 0.5 ? lowerFavours : "neither",
    difference,
    direction: "no data",
  };
  comparison.direction = directionOf(comparison);
  return comparison;
}

/**
 * The usable pairs as rows of the cluster bootstrap, in pair order: cluster the task, subcluster the
 * seed (the runbook's pairs share it) or, for people, the team (a human pair is one team's drills).
 */
export function clusterRows(pairs: [TrialRow, TrialRow][], x: Measure, operator: Operator) {
  return pairs.map(([b, c]) => ({
    cluster: b.task,
    subcluster: operator === "human" ? (teamOf(b) ?? b.id) : String(b.seed),
    d: extendedDifference(statValue(x, c), statValue(x, b)),
  }));
}

/**
 * Holm over the headline family (the pooled rows of one operator's RQ): the difference tests among
 * themselves, and the equivalence tests among themselves; each headline row's direction then takes
 * the adjusted p's. Rows without a test stay out of the family (pHolm null).
 */
export function adjustFamily(comparisons: Comparison[]): Comparison[] {
  const headline = comparisons.filter((c) => c.family === "headline");
  const tested = headline.filter((c) => c.p !== null);
  holm(tested.map((c) => c.p as number)).forEach((p, i) => {
    tested[i].pHolm = p;
  });
  const equivalence = headline.filter((c) => c.tost !== null);
  holm(equivalence.map((c) => c.tost?.p as number)).forEach((p, i) => {
    const t = equivalence[i].tost;
    if (t) t.pHolm = p;
  });
  for (const c of headline) c.direction = directionOf(c);
  return comparisons;
}

/** Every compared measure of the RQ in every group, for one operator's trials, the headline family adjusted. */
export function comparisonsOf(
  rq: Rq,
  operator: Operator,
  trials: TrialRow[],
  patterns: Patterns,
  options: CompareOptions = {},
): Comparison[] {
  const groups = groupsOf(rqTrials(trials, rq));
  return adjustFamily(
    COMPARED[rq].flatMap((key) => groups.map((g) => compare(measure(key), g, operator, patterns, options))),
  );
}
