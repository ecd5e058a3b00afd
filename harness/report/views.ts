/** The report's tables as rows of text, shared by the Markdown and HTML renderings. */
import { ALPHA } from "./comparisons.ts";
import { cannotReach, fmtDiff, fmtFigure, fmtInterval, fmtMargin, fmtP, fmtValue, NONE } from "./format.ts";
import { type Measure, measure } from "./measures.ts";
import type { Analysis, Comparison, ReportModel, Rq } from "./types.ts";

export interface TableView {
  header: string[];
  rows: string[][];
}

const taskName = (t: string) => (t === "all" ? "all tasks" : t);
const kindName = (k: string) => (k === "all" ? "all kinds" : k);

/** One RQ's table: task, kind, trials per pattern, then each measure with the patterns side by side. */
export function rqTableView(model: ReportModel, analysis: Analysis, rq: Rq | "rq2Incident"): TableView {
  const table = analysis[rq] ?? analysis.rq2;
  const patterns = [model.patterns.baseline, model.patterns.candidate];
  const header = [
    "task",
    "fault kind",
    ...patterns.map((p) => `n ${p}`),
    ...table.measures.flatMap((key) => patterns.map((p) => `${measure(key).label}: ${p}`)),
  ];
  const rows = table.rows.map((r) => [
    taskName(r.task),
    kindName(r.faultKind),
    ...patterns.map((p) => String(r.cells[p]?.trials ?? 0)),
    ...table.measures.flatMap((key) =>
      patterns.map((p) => fmtFigure(measure(key), r.cells[p]?.figures[key])),
    ),
  ]);
  return { header, rows };
}

export const NO_DATA = "no data";

export const RQ2_DRILL_NOTE =
  "The paper's Section 5 drill (trial --rq2): v1 on the initial data, the new data in contract v2, v2 with the logic improvement, then the engine rolled back to v1 under traffic. The verdict and comparisons of RQ2 read these trials.";
export const RQ2_INCIDENT_NOTE =
  "Rollbacks inside fault trials (a bad release, a shift): how fast the runbook rolled back during an incident. Not part of the RQ2 verdict.";

/** The interval's resampling in a table cell. */
const RESAMPLING: Record<string, string> = {
  pairs: "pairs",
  samples: "each sample",
  "task, seed": "cluster: task > seed",
  "task, team": "cluster: task > team",
};

/** The equivalence test of a row in a table cell: "±500 ms: p = 0.003", or why there is none. */
function tostCell(x: Measure, c: Comparison): string {
  if (c.usable === 0) return NO_DATA;
  if (c.tost) {
    const p = c.tost.pHolm ?? c.tost.p;
    return `${fmtMargin(x.unit, c.tost.margin)}: ${fmtP(p)}${c.tost.pHolm === null ? "" : " (Holm)"}`;
  }
  if (x.stat === "rate") return "none for rates";
  if (c.design === "unpaired") return "none (unpaired)";
  return "no margin";
}

/**
 * The comparisons of one family: headline (each compared measure pooled over all tasks and kinds; p
 * Holm-adjusted) or exploratory (per task and per kind; raw p, not corrected for multiplicity).
 * A row that cannot reach p < alpha at its size is marked †; a row without data says "no data".
 */
export function comparisonsView(
  model: ReportModel,
  analysis: Analysis,
  family: Comparison["family"] = "headline",
): TableView {
  const { baseline, candidate } = model.patterns;
  const headline = family === "headline";
  return {
    header: [
      "RQ",
      "measure",
      "task",
      "fault kind",
      `n ${baseline} / ${candidate}`,
      "pairs",
      baseline,
      candidate,
      `difference (${candidate} - ${baseline})`,
      "95% CI",
      "CI resamples",
      "test",
      headline ? "p (Holm)" : "p (raw, exploratory)",
      "smallest attainable p",
      "equivalence (TOST)",
      "A12",
      `${candidate} is`,
    ],
    rows: analysis.comparisons
      .filter((c) => c.family === family)
      .map((c) => {
        const x = measure(c.measure);
        const none = c.usable === 0;
        const p = headline ? c.pHolm : c.p;
        return [
          c.rq.toUpperCase(),
          x.label,
          taskName(c.task),
          kindName(c.faultKind),
          `${c.nBaseline} / ${c.nCandidate}`,
          String(c.pairs),
          fmtValue(x.unit, c.centerBaseline) + (c.censoredBaseline ? ` (${c.censoredBaseline} never)` : ""),
          fmtValue(x.unit, c.centerCandidate) +
            (c.censoredCandidate ? ` (${c.censoredCandidate} never)` : ""),
          none ? NO_DATA : c.difference ? fmtDiff(x.unit, c.difference.estimate) : NONE,
          none ? NO_DATA : c.difference ? fmtInterval(x.unit, c.difference) : NONE,
          none || !c.difference ? NONE : (RESAMPLING[c.difference.resampling] ?? c.difference.resampling),
          none ? NONE : c.design === "paired" ? "Wilcoxon" : c.design === "unpaired" ? "Mann-Whitney" : NONE,
          none ? NO_DATA : fmtP(p),
          none ? NONE : c.canReach ? fmtP(c.minP) : cannotReach(c, ALPHA),
          tostCell(x, c),
          c.a12 === null ? NONE : `${c.a12.toFixed(2)} (${c.a12Magnitude})`,
          c.direction,
        ];
      }),
  };
}

/** What the two comparison tables are, and what † means: printed above them. */
export const COMPARISONS_NOTE = `Headline rows (each compared measure over all tasks and all fault kinds) form one family per operator and RQ: their p is Holm-adjusted, and the verdicts use it. "†" marks a row whose test cannot reach p < ${ALPHA} at its size, whatever the data. "no data": no pair (unpaired: no trial) had a difference to compare, e.g. neither pattern ever reached the event.`;

export const EXPLORATORY_NOTE =
  "Exploratory: not corrected for multiplicity. Per task and per fault kind, raw p; a word here says where to look, not what was shown.";

export function manifestView(model: ReportModel): TableView {
  return { header: ["field", "value"], rows: model.manifestRows.map(([k, v]) => [k, v]) };
}

export function countsView(model: ReportModel): TableView {
  const c = model.counts;
  const rows = [
    [model.layout === "drill journals" ? "drill journals found" : "planned trials", String(c.planned)],
    ["finished (counted)", String(c.finished)],
    ["unfinished (not counted)", String(c.unfinished.length)],
    ["finished, not in the plan", String(c.notPlanned.length)],
    ["finished with a torn last journal line (dropped)", String(c.truncated.length)],
    ["finished with failed steps", String(c.failedSteps.length)],
  ];
  return { header: ["trials", "count"], rows };
}

export function unfinishedView(model: ReportModel): TableView {
  return {
    header: ["trial", "state", "detail"],
    rows: model.counts.unfinished.map((u) => [u.id, u.state, u.detail ?? ""]),
  };
}

/** One row per finished trial: the measures a reader checks first. */
export function trialsView(model: ReportModel): TableView {
  return {
    header: [
      "trial",
      "operator",
      "kind",
      "fault",
      "TTD",
      "TTL",
      "TTA",
      "AC@1",
      "AC@3",
      "silent",
      "restore",
      "TTR",
      "rollback ok",
      "failed steps",
    ],
    rows: model.trials.map((t) => [
      t.id,
      t.operator,
      t.kind,
      t.fault,
      t.ttd_ms === null ? "never" : fmtValue("ms", t.ttd_ms),
      t.ttl_ms === null ? "never" : fmtValue("ms", t.ttl_ms),
      fmtValue("ms", t.time_to_action_ms),
      String(t.ac1),
      String(t.ac3),
      t.silent ? "yes" : "no",
      fmtValue("ms", t.restore_ms),
      fmtValue("ms", t.ttr_ms),
      t.rollback_ok === null ? NONE : t.rollback_ok ? "yes" : "no",
      t.failed_steps.join(", "),
    ]),
  };
}
