/** report.md: verdicts first, then the RQ tables, the comparisons, the method and the run's record. */

import { armsView, CONTRASTS_NOTE, contrastsView } from "./arm-views.ts";
import { CANARY_NOTE, canaryView } from "./canary-view.ts";
import { resolutionText, summaryLine } from "./format.ts";
import { questionnaireView, teamsView } from "./human-views.ts";
import type { Analysis, QuestionnaireComment, ReportModel, Verdict } from "./types.ts";
import {
  COMPARISONS_NOTE,
  comparisonsView,
  countsView,
  EXPLORATORY_NOTE,
  manifestView,
  RQ2_DRILL_NOTE,
  RQ2_INCIDENT_NOTE,
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

/**
 * Someone else's text as one line of inert Markdown: line breaks become spaces, HTML's specials become
 * entities (so no tag or comment survives), and the punctuation of emphasis, code, links and tables
 * is backslash-escaped (mid-line, nothing else can start a block).
 */
export const mdText = (s: string) =>
  s
    .replace(/\s+/g, " ")
    .trim()
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~]/g, "\\$&");

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

/** Answered x of y drills, per pattern over all tasks. */
export function answeredLine(a: Analysis): string {
  const rows = a.questionnaire?.rows.filter((r) => r.task === "all") ?? [];
  return `Answered: ${rows.map((r) => `${r.pattern} ${r.answered} of ${r.drills} drills`).join("; ")}.`;
}

/** Where a comment comes from, each name passed through the renderer's escape. */
export const commentSource = (c: QuestionnaireComment, esc: (s: string) => string) =>
  `${esc(`${c.task}/${c.pattern}`)}, ${c.team === null ? "no team" : `team ${esc(c.team)}`} (${esc(c.id)})`;

/** The human drills' teams, questionnaire and comments. */
function humanMd(model: ReportModel, a: Analysis): string[] {
  const out = ["## Teams (human operators)", "", mdTable(teamsView(model, a))];
  const unteamed = a.teams?.unteamed ?? [];
  if (unteamed.length)
    out.push(`Drills that name no team (never paired): ${unteamed.map(mdText).join(", ")}.`, "");
  const q = a.questionnaire;
  if (!q) return out;
  out.push("## Questionnaire (human operators)", "", `${answeredLine(a)} Scale: ${q.scale}.`, "");
  out.push(...q.questions.map((x) => `- ${x.short}: "${x.text}"`), "");
  out.push(mdTable(questionnaireView(a)), "### Comments", "");
  if (!q.comments.length) out.push("_none_", "");
  for (const c of q.comments) out.push(`- ${commentSource(c, mdText)}: ${mdText(c.comment)}`);
  out.push("");
  return out;
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [`# archdrill report: ${model.runId}`, ""];
  const c = model.counts;
  out.push(
    `${summaryLine(model)} ${model.patterns.candidate} is compared against ${model.patterns.baseline}.`,
    "",
    resolutionText(model),
    "",
    "## Arms",
    "",
    mdTable(armsView(model)),
  );
  if (model.analyses.length === 0) out.push("No trial finished: there is nothing to analyse yet.", "");
  for (const a of model.analyses) {
    out.push(`## Verdicts (${operatorName(a.operator)}, ${a.trials} trials)`, "");
    for (const v of a.verdicts) out.push(verdictMd(v));
    out.push(`## RQ1: time to detect and localize, accuracy (${operatorName(a.operator)})`, "");
    out.push(MEDIANS_NOTE, "");
    out.push(mdTable(rqTableView(model, a, "rq1")));
    out.push(`## RQ2: rollback (${operatorName(a.operator)})`, "");
    if (a.rq2Incident) out.push(RQ2_DRILL_NOTE, "");
    out.push(mdTable(rqTableView(model, a, "rq2")));
    if (a.rq2Incident)
      out.push(
        "### Rollback during an incident",
        "",
        RQ2_INCIDENT_NOTE,
        "",
        mdTable(rqTableView(model, a, "rq2Incident")),
      );
    const canary = canaryView(model, a.operator);
    if (canary)
      out.push(`### Releases stopped by comparative evaluation`, "", CANARY_NOTE, "", mdTable(canary));
    out.push(`## Comparisons (${operatorName(a.operator)})`, "");
    out.push(COMPARISONS_NOTE, "", `### Headline (Holm-adjusted per RQ)`, "");
    out.push(mdTable(comparisonsView(model, a, "headline")));
    out.push(`### Exploratory (${operatorName(a.operator)})`, "", EXPLORATORY_NOTE, "");
    out.push(mdTable(comparisonsView(model, a, "exploratory")));
    if (a.contrasts.length) {
      out.push(
        `## Arms against the baseline, and attribution (${operatorName(a.operator)})`,
        "",
        CONTRASTS_NOTE,
        "",
      );
      for (const rq of ["rq1", "rq2"] as const)
        out.push(`### ${rq.toUpperCase()}`, "", mdTable(contrastsView(a, rq)));
    }
    if (a.operator === "human") out.push(...humanMd(model, a));
  }
  out.push("## Method", "");
  out.push(`- Rule: ${model.method.rule}`, `- Pairing and tests: ${model.method.pairing}`);
  if (model.method.humanPairing) out.push(`- Human drills: ${model.method.humanPairing}`);
  out.push(`- Censored values: ${model.method.censoring}`);
  out.push(`- Multiplicity: ${model.method.multiplicity}`);
  out.push(`- Equivalence: ${model.method.equivalence}`);
  out.push(`- Intervals: ${model.method.intervals}`);
  out.push(`- Resolution: ${resolutionText(model)}`, "");
  out.push("## Trials", "", mdTable(countsView(model)));
  if (c.unfinished.length) out.push("Unfinished trials (not counted):", "", mdTable(unfinishedView(model)));
  out.push(mdTable(trialsView(model)));
  out.push("## Manifest", "", mdTable(manifestView(model)));
  return out.join("\n");
}
