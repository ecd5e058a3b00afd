/** The human drills' own tables (questionnaire answers, teams), shared by the Markdown and HTML renderings. */
import { NONE } from "./format.ts";
import type { Analysis, ReportModel } from "./types.ts";
import type { TableView } from "./views.ts";

const taskName = (t: string) => (t === "all" ? "all tasks" : t);
const fmtMedian = (m: number | null) => (m === null ? NONE : String(m));

/** One row per group and question: how many answered each point of the scale, n and the median. */
export function questionnaireView(analysis: Analysis): TableView {
  const q = analysis.questionnaire;
  const header = ["task", "pattern", "answered / drills", "question", "n", "1", "2", "3", "4", "5", "median"];
  if (!q) return { header, rows: [] };
  const rows = q.rows.flatMap((r) =>
    q.questions.map((question) => {
      const f = r.questions[question.key];
      return [
        taskName(r.task),
        r.pattern,
        `${r.answered} / ${r.drills}`,
        question.short,
        String(f.n),
        ...f.counts.map(String),
        fmtMedian(f.median),
      ];
    }),
  );
  return { header, rows };
}

/** Each team's drills of each task under each pattern, and whether they make a pair. */
export function teamsView(model: ReportModel, analysis: Analysis): TableView {
  const rows = analysis.teams?.rows ?? [];
  const { baseline, candidate } = model.patterns;
  const others = [...new Set(rows.flatMap((r) => Object.keys(r.drills)))]
    .filter((p) => p !== baseline && p !== candidate)
    .sort();
  const patterns = [baseline, candidate, ...others];
  return {
    header: ["team", "task", ...patterns.map((p) => `${p} drills`), "paired"],
    rows: rows.map((r) => [
      r.team,
      r.task,
      ...patterns.map((p) => r.drills[p]?.join(", ") || NONE),
      r.paired ? "yes" : "no",
    ]),
  };
}
