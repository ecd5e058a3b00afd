/**
 * Candidate pattern against baseline, one measure in one group: paired where trials pair (see
 * pairKey), unpaired where they do not, with an effect size and a bootstrap CI of the median
 * difference (of the rate difference for a 0/1 measure). Never-happened values are +Infinity
 * (censored.ts).
 */
import {
  censoredA12,
  censoredMannWhitney,
  censoredWilcoxon,
  differenceInterval,
  pairedDifferences,
} from "./censored.ts";
import { extendedMedian, fromExt, toExtOrNull } from "./extended.ts";
import { COMPARED, inRq, type Measure, measure, statValue } from "./measures.ts";
import { figureSeed, groupsOf, intervalOf } from "./tables.ts";
import { teamOf } from "./teams.ts";
import type { Comparison, Direction, Operator, Rq, TrialRow } from "./types.ts";

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

/** The rule: the design's test at p < ALPHA and the CI of the difference clear of 0 on one side. */
export function directionOf(c: Pick<Comparison, "design" | "p" | "difference" | "better">): Direction {
  if (c.design === "none") return "no data";
  const low = c.difference?.low ?? null;
  const high = c.difference?.high ?? null;
  if (c.p === null || c.p >= ALPHA || low === null || high === null) return "no clear difference";
  const candidateLower = fromExt(high) < 0;
  const candidateHigher = fromExt(low) > 0;
  if (!candidateLower && !candidateHigher) return "no clear difference";
  return candidateLower === (c.better === "lower") ? "better" : "worse";
}

export function compare(
  x: Measure,
  group: { task: string; faultKind: string; trials: TrialRow[] },
  operator: Operator,
  patterns: Patterns,
  resamples?: number,
): Comparison {
  const base = group.trials.filter((t) => t.pattern === patterns.baseline);
  const cand = group.trials.filter((t) => t.pattern === patterns.candidate);
  const value = (t: TrialRow) => statValue(x, t);
  const bv = base.map(value);
  const cv = cand.map(value);
  const { pairs, unmatched } = pairTrials(base, cand);
  const pb = pairs.map(([b]) => value(b));
  const pc = pairs.map(([, c]) => value(c));
  const design: Comparison["design"] =
    base.length === 0 || cand.length === 0
      ? "none"
      : pairs.length > 0 && 2 * pairs.length >= base.length && 2 * pairs.length >= cand.length
        ? "paired"
        : "unpaired";
  const w = pairs.length > 0 ? censoredWilcoxon(pairedDifferences(pc, pb)) : null;
  const mw =
    design !== "none" && (unmatched > 0 || design === "unpaired") ? censoredMannWhitney(cv, bv) : null;
  const effect = censoredA12(cv, bv);
  const seed = figureSeed([operator, x.rq, group.task, group.faultKind, x.key, "difference"]);
  const statistic = x.stat === "rate" ? ("rate" as const) : ("median" as const);
  const options = { seed, resamples };
  const [ca, ba] = design === "paired" ? [pc, pb] : [cv, bv];
  const interval =
    design === "none"
      ? null
      : { kind: design, statistic, ...intervalOf(differenceInterval(design, ca, ba, statistic, options)) };
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
    pairsCensored: pb.filter((v, i) => v === Infinity || pc[i] === Infinity).length,
    unmatched,
    design,
    wilcoxon: w && { n: w.n, w: w.w, p: w.p, method: w.method },
    mannWhitney: mw && { u: mw.u, p: mw.p, method: mw.method },
    p: design === "paired" ? (w?.p ?? null) : design === "unpaired" ? (mw?.p ?? null) : null,
    a12: effect?.a12 ?? null,
    a12Magnitude: effect?.magnitude ?? null,
    favours:
      effect === null ? null : effect.a12 > 0.5 ? higherFavours : effect.a12 < 0.5 ? lowerFavours : "neither",
    difference: interval,
    direction: "no data",
  };
  comparison.direction = directionOf(comparison);
  return comparison;
}

/** Every compared measure of the RQ in every group, for one operator's trials. */
export function comparisonsOf(
  rq: Rq,
  operator: Operator,
  trials: TrialRow[],
  patterns: Patterns,
  resamples?: number,
): Comparison[] {
  const groups = groupsOf(trials.filter((t) => inRq(t, rq)));
  return COMPARED[rq].flatMap((key) =>
    groups.map((g) => compare(measure(key), g, operator, patterns, resamples)),
  );
}
