/** Computes the report model once and writes every rendering of it into the run directory. */
import fs from "node:fs";
import path from "node:path";
import { chartsOf } from "./charts.ts";
import { comparisonsCsv, trialsCsv } from "./csv.ts";
import { renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildReportModel, type ModelOptions } from "./model.ts";
import type { ReportModel } from "./types.ts";

export const REPORT_FILES = [
  "report.json",
  "report.md",
  "report.html",
  "trials.csv",
  "comparisons.csv",
] as const;

export async function writeReport(
  runDir: string,
  options: ModelOptions = {},
): Promise<{ files: string[]; model: ReportModel }> {
  const model = buildReportModel(runDir, options);
  const charts = [];
  for (const a of model.analyses) charts.push(await chartsOf(model, a));
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    "report.json": `${JSON.stringify(model, null, 2)}\n`,
    "report.md": renderMarkdown(model),
    "report.html": renderHtml(model, charts),
    "trials.csv": trialsCsv(model),
    "comparisons.csv": comparisonsCsv(model),
  };
  const files = REPORT_FILES.map((name) => {
    const file = path.join(runDir, name);
    // Whole or not at all: a reader never sees half a report.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents[name]);
    fs.renameSync(tmp, file);
    return file;
  });
  return { files, model };
}
