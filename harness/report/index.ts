/** The experiment report: computed once from a run directory (model), rendered many times. */
export { compareCommand, reportCommand } from "./commands.ts";
export { type CompareResult, compareRuns, compareText, type FigureCheck } from "./compare-runs.ts";
export { ReportError } from "./load.ts";
export { DEFAULT_MARGINS, type Margins, marginsOf } from "./margins.ts";
export { buildReportModel, type ModelOptions } from "./model.ts";
export type { ReportModel } from "./types.ts";
export { REPORT_FILES, writeReport } from "./write.ts";
