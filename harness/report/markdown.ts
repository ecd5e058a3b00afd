/** report.md: verdicts first, then the RQ tables, the comparisons, the method and the run's record. */
import { summaryLine } from "./format.ts";
import type { ReportModel, Verdict } from "./types.ts";
import {
  comparisonsView,
  countsView,
  manifestView,
  rqTableView,
  type TableView,
  trialsView,
  unfinishedView,
} from "./views.ts";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function mdTable(t: TableView): string {
  if (t.rows.length === 0) return "_none_\n";
  const line = (r: string[]) => `| ${r.map(cell).join(" | ")} |`;
  return `${[line(t.header), line(t.header.map(() => "---")), ...t.rows.map(line)].join("\n")}\n`;
}

export const MEDIANS_NOTE =
  'Medians with [interquartile range]; "n never" counts trials where it never happened (it counts in the median as worse than any time). Each median\'s seeded 95% bootstrap CI is in report.json.';

export const operatorName = (o: string) => (o === "auto" ? "automated runbook operator" : "human operators");

export function verdictMd(v: Verdict): string {
  return [
    `### ${v.heading}`,
    "",
    `**${v.statement}**`,
    "",
    v.evidence,
    "",
    v.support_statement,
    "",
    "Caveats:",
    "",
    ...v.caveats.map((c) => `- ${c}`),
    "",
  ].join("\n");
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [`# archdrill report: ${model.runId}`, ""];
  const c = model.counts;
  out.push(
    `${summaryLine(model)} ${model.patterns.candidate} is compared against ${model.patterns.baseline}.`,
    "",
  );
  if (model.analyses.length === 0) out.push("No trial finished: there is nothing to analyse yet.", "");
  for (const a of model.analyses) {
    out.push(`## Verdicts (${operatorName(a.operator)}, ${a.trials} trials)`, "");
    for (const v of a.verdicts) out.push(verdictMd(v));
    out.push(`## RQ1: time to detect and localize, accuracy (${operatorName(a.operator)})`, "");
    out.push(MEDIANS_NOTE, "");
    out.push(mdTable(rqTableView(model, a, "rq1")));
    out.push(`## RQ2: rollback (${operatorName(a.operator)})`, "");
    out.push(mdTable(rqTableView(model, a, "rq2")));
    out.push(`## Comparisons (${operatorName(a.operator)})`, "");
    out.push(mdTable(comparisonsView(model, a)));
  }
  out.push("## Method", "");
  out.push(`- Rule: ${model.method.rule}`, `- Pairing and tests: ${model.method.pairing}`);
  out.push(`- Censored values: ${model.method.censoring}`, "");
  out.push("## Trials", "", mdTable(countsView(model)));
  if (c.unfinished.length) out.push("Unfinished trials (not counted):", "", mdTable(unfinishedView(model)));
  out.push(mdTable(trialsView(model)));
  out.push("## Manifest", "", mdTable(manifestView(model)));
  return out.join("\n");
}
