/**
 * The report's charts: Vega-Lite specs compiled and rendered to SVG in Node (vega's headless View,
 * renderer "none"), so report.html carries them inline and needs nothing from the network.
 * Strip plots: every finished trial a point (shape by fault kind), a bar at each pattern's median;
 * for human drills, the questionnaire's answers (questionnaire-chart.ts).
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { extendedMedian } from "./extended.ts";
import { type Measure, measure, measured, rqTrials, statValue } from "./measures.ts";
import { questionnaireSpec } from "./questionnaire-chart.ts";
import type { Analysis, ReportModel, TrialRow } from "./types.ts";

export interface Chart {
  /** The charted measure's key, or "questionnaire". */
  key: string;
  title: string;
  spec: TopLevelSpec;
  svg: string;
}

/** The charted measures: each RQ's primary time, and time to detect. */
const CHARTED = ["ttl_ms", "ttd_ms", "restore_ms"];

const COLOURS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2"];

export function stripSpec(
  x: Measure,
  trials: TrialRow[],
  patterns: string[],
  operator: string,
): TopLevelSpec {
  const mine = rqTrials(trials, x.rq).filter((t) => patterns.includes(t.arm) && measured(x, t));
  const tasks = [...new Set(mine.map((t) => t.task))].sort();
  const scale = x.unit === "ms" ? 1000 : 1;
  const axis = x.unit === "ms" ? "seconds" : x.unit;
  const points = mine
    .filter((t) => x.value(t) !== null)
    .map((t) => ({ task: t.task, pattern: t.arm, kind: t.faultKind, value: (x.value(t) ?? 0) / scale }));
  const medians = tasks.flatMap((task) =>
    patterns.flatMap((pattern) => {
      const m = extendedMedian(
        mine.filter((t) => t.task === task && t.arm === pattern).map((t) => statValue(x, t)),
      );
      return m !== null && Number.isFinite(m) ? [{ task, pattern, value: m / scale }] : [];
    }),
  );
  const never = mine.length - points.length;
  const x_ = { field: "task", type: "nominal" as const, sort: tasks, title: null, axis: { labelAngle: 0 } };
  const offset = { field: "pattern", sort: patterns };
  return {
    title: {
      text: `${x.label[0].toUpperCase()}${x.label.slice(1)} per task and pattern (${operator} operator)`,
      subtitle: [
        `One point per finished trial; a bar marks each pattern's median. ${never} trial(s) never reached it (not drawn; medians count them).`,
      ],
      anchor: "start",
    },
    background: "white",
    config: { font: "sans-serif", view: { stroke: null } },
    height: 220,
    width: { step: 70 },
    layer: [
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 45, opacity: 0.75 },
        encoding: {
          x: x_,
          xOffset: offset,
          y: { field: "value", type: "quantitative", title: axis, scale: { zero: true } },
          color: {
            field: "pattern",
            type: "nominal",
            scale: { domain: patterns, range: COLOURS.slice(0, patterns.length) },
            title: "pattern",
          },
          shape: { field: "kind", type: "nominal", title: "fault kind" },
        },
      },
      {
        data: { values: medians },
        mark: { type: "tick", thickness: 2, size: 24, color: "#222" },
        encoding: { x: x_, xOffset: offset, y: { field: "value", type: "quantitative" } },
      },
    ],
  };
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function chartsOf(model: ReportModel, analysis: Analysis): Promise<Chart[]> {
  const patterns = [model.patterns.baseline, model.patterns.candidate];
  const trials = model.trials.filter((t) => t.operator === analysis.operator);
  const charts: Chart[] = [];
  for (const key of CHARTED) {
    const x = measure(key);
    const spec = stripSpec(x, trials, patterns, analysis.operator);
    charts.push({ key, title: x.label, spec, svg: await renderSvg(spec) });
  }
  const q = analysis.questionnaire;
  if (q?.rows.some((r) => r.answered > 0)) {
    const spec = questionnaireSpec(q, patterns, analysis.operator);
    charts.push({ key: "questionnaire", title: "questionnaire", spec, svg: await renderSvg(spec) });
  }
  return charts;
}
