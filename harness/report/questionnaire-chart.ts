/**
 * The questionnaire as a Vega-Lite chart: per question a column of stacked bars, one bar per pattern
 * (one row of columns per task when the drills span several), each segment how many gave that answer.
 */
import type { TopLevelSpec } from "vega-lite";
import { SCALE } from "./questionnaire.ts";
import type { Questionnaire } from "./types.ts";

/** Diverging, disagree (red) to agree (blue), readable by the common colour blindnesses. */
const ANSWER_COLOURS = ["#ca0020", "#f4a582", "#bababa", "#92c5de", "#0571b0"];

export function questionnaireSpec(q: Questionnaire, patterns: string[], operator: string): TopLevelSpec {
  const taskName = (t: string) => (t === "all" ? "all tasks" : t);
  const tasks = [...new Set(q.rows.map((r) => taskName(r.task)))];
  const values = q.rows.flatMap((r) =>
    q.questions.flatMap((question) =>
      r.questions[question.key].counts.flatMap((count, k) =>
        count
          ? [{ task: taskName(r.task), pattern: r.pattern, question: question.short, answer: k + 1, count }]
          : [],
      ),
    ),
  );
  const answered = q.rows
    .filter((r) => r.task === "all")
    .map((r) => `${r.pattern} ${r.answered} of ${r.drills}`);
  return {
    title: {
      text: `Questionnaire answers per pattern (${operator} operators)`,
      subtitle: [
        `Each segment counts the drills that gave that answer (${SCALE}).`,
        `Answered: ${answered.join("; ")}.`,
      ],
      anchor: "start",
    },
    background: "white",
    config: { font: "sans-serif", view: { stroke: null } },
    data: { values },
    facet: {
      column: { field: "question", type: "nominal", sort: q.questions.map((x) => x.short), title: null },
      ...(tasks.length > 1
        ? {
            row: {
              field: "task",
              type: "nominal",
              sort: tasks,
              title: null,
              header: { labelAngle: 0, labelAlign: "left" },
            },
          }
        : {}),
    },
    spec: {
      width: 180,
      height: { step: 24 },
      mark: { type: "bar" },
      encoding: {
        y: { field: "pattern", type: "nominal", sort: patterns, title: null },
        x: {
          field: "count",
          type: "quantitative",
          stack: "zero",
          title: "drills",
          axis: { tickMinStep: 1, format: "d" },
        },
        color: {
          field: "answer",
          type: "ordinal",
          scale: { domain: [1, 2, 3, 4, 5], range: ANSWER_COLOURS },
          title: "answer",
        },
        order: { field: "answer", type: "ordinal" },
      },
    },
  };
}
