/**
 * Tidy CSVs (RFC 4180: header row, CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled): trials.csv, one row per finished trial, every Summary field (empty where its journal
 * predates the field; "unmeasured" lists those), a human drill's team and answers too;
 * comparisons.csv, one row per comparison (a row without data: empty difference, direction "no data").
 * Null is an empty field; "+inf" / "-inf" are never-reached values (most CSV readers take them as
 * infinities); arrays are joined by ";".
 */
import { type Summary, summarySchema } from "../../systems/kit/protocol/index.ts";
import type { ReportModel } from "./types.ts";

type Field = string | number | boolean | null | undefined;

function field(v: Field): string {
  if (v === null || v === undefined) return "";
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly Field[][]): string {
  return [header, ...rows].map((r) => `${r.map(field).join(",")}\r\n`).join("");
}

/** Every Summary field, in the order the protocol's summary schema declares them. */
export const SUMMARY_FIELDS = Object.keys(summarySchema.shape) as (keyof Summary)[];

/** A human drill's team, participant and answers; empty for the runbook's trials. */
export const DRILL_FIELDS = [
  "team",
  "participant",
  "helped_identify",
  "helped_rollback",
  "would_adopt",
  "comment",
] as const;

export function trialsCsv(model: ReportModel): string {
  const header = ["id", "kind", "fault_kind", ...SUMMARY_FIELDS, "unmeasured", ...DRILL_FIELDS];
  const rows = model.trials.map((t) => [
    t.id,
    t.kind,
    t.faultKind,
    ...SUMMARY_FIELDS.map((k) => {
      // A field the journal's summary predates was not measured: empty, whatever fills it in the model.
      if (t.unmeasured?.includes(k)) return null;
      const v = t[k];
      return Array.isArray(v) ? v.join(";") : v;
    }),
    t.unmeasured?.join(";"),
    t.drill?.team,
    t.drill?.participant,
    t.questionnaire?.helped_identify,
    t.questionnaire?.helped_rollback,
    t.questionnaire?.would_adopt,
    t.questionnaire?.comment,
  ]);
  return toCsv(header, rows);
}

export const COMPARISON_COLUMNS = [
  "operator",
  "rq",
  "measure",
  "better",
  "task",
  "fault_kind",
  "baseline",
  "candidate",
  "n_baseline",
  "n_candidate",
  "censored_baseline",
  "censored_candidate",
  "center_baseline",
  "center_candidate",
  "pairs",
  "pairs_censored",
  "unmatched",
  "usable",
  "design",
  "wilcoxon_n",
  "wilcoxon_w",
  "wilcoxon_p",
  "wilcoxon_method",
  "mann_whitney_u",
  "mann_whitney_p",
  "mann_whitney_method",
  "p",
  "family",
  "p_holm",
  "min_p",
  "can_reach",
  "tost_margin",
  "tost_n",
  "tost_p",
  "tost_p_holm",
  "a12",
  "a12_magnitude",
  "favours",
  "difference_kind",
  "difference_statistic",
  "difference_resampling",
  "difference",
  "ci_low",
  "ci_high",
  "ci_level",
  "resamples",
  "direction",
] as const;

export function comparisonsCsv(model: ReportModel): string {
  const { baseline, candidate } = model.patterns;
  const rows = model.analyses.flatMap((a) =>
    a.comparisons.map((c) => [
      c.operator,
      c.rq,
      c.measure,
      c.better,
      c.task,
      c.faultKind,
      baseline,
      candidate,
      c.nBaseline,
      c.nCandidate,
      c.censoredBaseline,
      c.censoredCandidate,
      c.centerBaseline,
      c.centerCandidate,
      c.pairs,
      c.pairsCensored,
      c.unmatched,
      c.usable,
      c.design,
      c.wilcoxon?.n,
      c.wilcoxon?.w,
      c.wilcoxon?.p,
      c.wilcoxon?.method,
      c.mannWhitney?.u,
      c.mannWhitney?.p,
      c.mannWhitney?.method,
      c.p,
      c.family,
      c.pHolm,
      c.minP,
      c.canReach,
      c.tost?.margin,
      c.tost?.n,
      c.tost?.p,
      c.tost?.pHolm,
      c.a12,
      c.a12Magnitude,
      c.favours,
      c.difference?.kind,
      c.difference?.statistic,
      c.difference?.resampling,
      c.difference?.estimate,
      c.difference?.low,
      c.difference?.high,
      c.difference?.level,
      c.difference?.resamples,
      c.direction,
    ]),
  );
  return toCsv(COMPARISON_COLUMNS, rows);
}
