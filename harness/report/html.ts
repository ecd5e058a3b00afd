/**
 * report.html: one self-contained page (inline CSS, charts as inline SVG, no script, no external
 * resource), the same content as report.md plus the charts.
 */

import { armsView, CONTRASTS_NOTE, contrastsView } from "./arm-views.ts";
import { CANARY_NOTE, canaryView } from "./canary-view.ts";
import type { Chart } from "./charts.ts";
import { resolutionText, summaryLine } from "./format.ts";
import { questionnaireView, teamsView } from "./human-views.ts";
import { answeredLine, commentSource, MEDIANS_NOTE, operatorName } from "./markdown.ts";
import type { Analysis, ReportModel, Verdict } from "./types.ts";
import * as views from "./views.ts";

export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; } h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; font-size: .82rem; margin: .6rem 0 1.2rem; }
th, td { border: 1px solid #ddd; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
.scroll { overflow-x: auto; }
.verdict { border-left: 4px solid #888; padding: .2rem 1rem; margin: 1rem 0; background: #fafafa; }
.verdict.better { border-color: #2a7; } .verdict.worse { border-color: #c33; } .verdict.equivalent { border-color: #37a; }
.statement { font-weight: bold; font-size: 1.05rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.note { color: #555; font-size: .9rem; }
.comments .who { color: #555; }
`;

function table(t: views.TableView, id?: string): string {
  if (t.rows.length === 0) return `<p class="note">none</p>`;
  const head = `<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  return `<div class="scroll"><table${id ? ` id="${id}"` : ""}><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function verdictHtml(v: Verdict): string {
  return `<div class="verdict ${v.direction === "better" || v.direction === "worse" || v.direction === "equivalent" ? v.direction : ""}" id="verdict-${v.operator}-${v.rq}">
<h3>${escapeHtml(v.heading)}</h3>
<p class="statement">${escapeHtml(v.statement)}</p>
<p>${escapeHtml(v.evidence)}</p>
<p>${escapeHtml(v.support_statement)}</p>
<ul>${v.caveats.map((c) => `<li>${escapeHtml(c)}</li>`).join("")}</ul>
</div>`;
}

/** The human drills' teams, questionnaire (chart and table) and comments, escaped as any text is. */
function humanHtml(model: ReportModel, a: Analysis, chart: Chart | undefined): string {
  const unteamed = a.teams?.unteamed ?? [];
  const teams = `<h2>Teams (human operators)</h2>
${table(teamsView(model, a), "teams-human")}
${unteamed.length ? `<p>Drills that name no team (never paired): ${escapeHtml(unteamed.join(", "))}.</p>` : ""}`;
  const q = a.questionnaire;
  if (!q) return teams;
  const comments = q.comments.map(
    (c) =>
      `<li><span class="who">${commentSource(c, escapeHtml)}</span>: <q>${escapeHtml(c.comment)}</q></li>`,
  );
  return `${teams}
<h2>Questionnaire (human operators)</h2>
<p>${escapeHtml(`${answeredLine(a)} Scale: ${q.scale}.`)}</p>
<ul>${q.questions.map((x) => `<li>${escapeHtml(x.short)}: “${escapeHtml(x.text)}”</li>`).join("")}</ul>
${chart ? `<div class="charts"><figure>${chart.svg}</figure></div>` : ""}
${table(questionnaireView(a), "questionnaire-human")}
<h3>Comments</h3>
${comments.length ? `<ul class="comments" id="comments-human">${comments.join("\n")}</ul>` : `<p class="note">none</p>`}`;
}

function canaryHtml(model: ReportModel, a: Analysis): string {
  const t = canaryView(model, a.operator);
  return t
    ? `<h3>Releases stopped by comparative evaluation</h3>
<p class="note">${escapeHtml(CANARY_NOTE)}</p>
${table(t, `canary-${a.operator}`)}`
    : "";
}

function analysisHtml(model: ReportModel, a: Analysis, all: Chart[]): string {
  const who = escapeHtml(operatorName(a.operator));
  const charts = all.filter((c) => c.key !== "questionnaire");
  const questionnaire = all.find((c) => c.key === "questionnaire");
  const human = a.operator === "human" ? humanHtml(model, a, questionnaire) : "";
  return `
<h2>Verdicts (${who}, ${a.trials} trials)</h2>
${a.verdicts.map(verdictHtml).join("\n")}
<h2>Charts (${who})</h2>
<div class="charts">${charts.map((c) => `<figure>${c.svg}</figure>`).join("\n")}</div>
<h2>RQ1: time to detect and localize, accuracy (${who})</h2>
<p class="note">${escapeHtml(MEDIANS_NOTE)}</p>
${table(views.rqTableView(model, a, "rq1"), `rq1-${a.operator}`)}
<h2>RQ2: rollback (${who})</h2>
${a.rq2Incident ? `<p class="note">${escapeHtml(views.RQ2_DRILL_NOTE)}</p>` : ""}
${table(views.rqTableView(model, a, "rq2"), `rq2-${a.operator}`)}
${
  a.rq2Incident
    ? `<h3>Rollback during an incident</h3>
<p class="note">${escapeHtml(views.RQ2_INCIDENT_NOTE)}</p>
${table(views.rqTableView(model, a, "rq2Incident"), `rq2-incident-${a.operator}`)}`
    : ""
}
${canaryHtml(model, a)}
<h2>Comparisons (${who})</h2>
<p class="note">${escapeHtml(views.COMPARISONS_NOTE)}</p>
<h3>Headline (Holm-adjusted per RQ)</h3>
${table(views.comparisonsView(model, a, "headline"), `comparisons-${a.operator}`)}
<h3>Exploratory</h3>
<p class="note">${escapeHtml(views.EXPLORATORY_NOTE)}</p>
${table(views.comparisonsView(model, a, "exploratory"), `exploratory-${a.operator}`)}
${
  a.contrasts.length
    ? `<h2>Arms against the baseline, and attribution (${who})</h2>
<p class="note">${escapeHtml(CONTRASTS_NOTE)}</p>
<h3>RQ1</h3>
${table(contrastsView(a, "rq1"), `contrasts-rq1-${a.operator}`)}
<h3>RQ2</h3>
${table(contrastsView(a, "rq2"), `contrasts-rq2-${a.operator}`)}`
    : ""
}
${human}`;
}

/** charts holds each analysis's charts, in the order of model.analyses. */
export function renderHtml(model: ReportModel, charts: Chart[][]): string {
  const c = model.counts;
  const body = `
<h1>archdrill report: ${escapeHtml(model.runId)}</h1>
<p>${escapeHtml(`${summaryLine(model)} ${model.patterns.candidate} is compared against ${model.patterns.baseline}.`)}</p>
<p class="note" id="resolution">${escapeHtml(resolutionText(model))}</p>
<h2>Arms</h2>
${table(armsView(model), "arms")}
${model.analyses.length === 0 ? "<p>No trial finished: there is nothing to analyse yet.</p>" : ""}
${model.analyses.map((a, i) => analysisHtml(model, a, charts[i] ?? [])).join("\n")}
<h2>Method</h2>
<ul>
<li>Rule: ${escapeHtml(model.method.rule)}</li>
<li>Pairing and tests: ${escapeHtml(model.method.pairing)}</li>
${model.method.humanPairing ? `<li>Human drills: ${escapeHtml(model.method.humanPairing)}</li>` : ""}
<li>Censored values: ${escapeHtml(model.method.censoring)}</li>
<li>Multiplicity: ${escapeHtml(model.method.multiplicity)}</li>
<li>Equivalence: ${escapeHtml(model.method.equivalence)}</li>
<li>Intervals: ${escapeHtml(model.method.intervals)}</li>
<li>Resolution: ${escapeHtml(resolutionText(model))}</li>
</ul>
<h2>Trials</h2>
${table(views.countsView(model))}
${c.unfinished.length ? `<p>Unfinished trials (not counted):</p>${table(views.unfinishedView(model), "unfinished")}` : ""}
${table(views.trialsView(model), "trials")}
<h2>Manifest</h2>
${table(views.manifestView(model), "manifest")}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>archdrill report: ${escapeHtml(model.runId)}</title>
<style>${STYLE}</style>
</head>
<body>${body}
</body>
</html>
`;
}
