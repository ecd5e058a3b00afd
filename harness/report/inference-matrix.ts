/** The matrix the report's inference tests build: two patterns x two tasks x two faults x three seeds. */
import type { Summary } from "../../systems/kit/protocol/index.ts";
import { type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";
import { buildReportModel } from "./model.ts";
import type { Comparison, ReportModel } from "./types.ts";

export const PATTERNS = ["three-layer", "proposed"] as const;
export const TASKS = ["classification", "regression"];
export const FAULTS = ["trend.covariate", "release.model"];
export const SEEDS = [1, 2, 3];
export const RESAMPLES = 500;

export type Fields = Partial<Summary> & { kind?: "rq1" | "rq2"; legacy?: boolean };

/** Every task x fault x seed under both patterns (12 pairs), fields from f. */
export function matrix(
  f: (task: string, pattern: string, fault: string, seed: number) => Fields,
  tasks = TASKS,
  faults = FAULTS,
  seeds = SEEDS,
): TrialSpec[] {
  return tasks.flatMap((task) =>
    faults.flatMap((fault) =>
      seeds.flatMap((seed) =>
        PATTERNS.map((pattern) => ({ task, pattern, fault, seed, ...f(task, pattern, fault, seed) })),
      ),
    ),
  );
}

export const build = (trials: TrialSpec[], manifest?: Record<string, unknown>) =>
  buildReportModel(writeRunDir(tmpRunDir(), { trials, ...(manifest ? { manifest } : {}) }), {
    resamples: RESAMPLES,
  });

export const find = (m: ReportModel, key: string, task = "all", faultKind = "all") =>
  m.analyses[0].comparisons.find(
    (c) => c.measure === key && c.task === task && c.faultKind === faultKind,
  ) as Comparison;

/** A distinct amount per pair, so differences never tie. */
export const spread = (task: string, fault: string, seed: number) =>
  TASKS.indexOf(task) * 6 + FAULTS.indexOf(fault) * 3 + seed;
