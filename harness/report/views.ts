/** The report's tables as rows of text, shared by the Markdown and HTML renderings. */
import { fmtDiff, fmtFigure, fmtInterval, fmtP, fmtValue, NONE } from "./format.ts";
import { measure } from "./measures.ts";
import type { Analysis, ReportModel, Rq } from "./types.ts";

export interface TableView {
  header: string[];
  rows: string[][];
}

const taskName = (t: string) => (t === "all" ? "all tasks" : t);
const kindName = (k: string) => (k === "all" ? "all kinds" : k);

/** One RQ's table: task, kind, trials per pattern, then each measure with the patterns side by side. */
export function rqTableView(model: ReportModel, analysis: Analysis, rq: Rq): TableView {
  const table = analysis[rq];
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

export function comparisonsView(model: ReportModel, analysis: Analysis): TableView {
  const { baseline, candidate } = model.patterns;
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
      "test",
      "p",
      "A12",
      `${candidate} is`,
    ],
    rows: analysis.comparisons.map((c) => {
      const x = measure(c.measure);
      return [
        c.rq.toUpperCase(),
        x.label,
        taskName(c.task),
        kindName(c.faultKind),
        `${c.nBaseline} / ${c.nCandidate}`,
        String(c.pairs),
        fmtValue(x.unit, c.centerBaseline) + (c.censoredBaseline ? ` (${c.censoredBaseline} never)` : ""),
        fmtValue(x.unit, c.centerCandidate) + (c.censoredCandidate ? ` (${c.censoredCandidate} never)` : ""),
        c.difference ? fmtDiff(x.unit, c.difference.estimate) : NONE,
        c.difference ? fmtInterval(x.unit, c.difference) : NONE,
        c.design === "paired" ? "Wilcoxon" : c.design === "unpaired" ? "Mann-Whitney" : NONE,
        fmtP(c.p),
        c.a12 === null ? NONE : `${c.a12.toFixed(2)} (${c.a12Magnitude})`,
        c.direction,
      ];
    }),
  };
}

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
      "AC@1",
      "AC@3",
      "silent",
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
      String(t.ac1),
      String(t.ac3),
      t.silent ? "yes" : "no",
      fmtValue("ms", t.ttr_ms),
      t.rollback_ok === null ? NONE : t.rollback_ok ? "yes" : "no",
      t.failed_steps.join(", "),
    ]),
  };
}
