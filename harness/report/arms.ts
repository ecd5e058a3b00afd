/**
 * The run's arms and the contrasts between them: each arm beside the declared baseline, and the
 * attribution contrasts (arms that differ in one factor), so the report can say how much of a
 * difference comes with the monitoring, the deploy strategy and the split. Each contrast is its
 * own family per operator and RQ (its pooled rows Holm-adjusted among themselves), not adjusted
 * across contrasts: the declared comparison's verdicts stay the confirmatory result.
 */
import { ARMS, ATTRIBUTION } from "../experiment/arms.ts";
import { COMPARISON } from "../experiment/comparison.ts";
import { adjustFamily, type CompareOptions, compare, type Patterns } from "./comparisons.ts";
import type { LoadedRun } from "./load.ts";
import { COMPARED, measure, rqTrials } from "./measures.ts";
import { ALL } from "./tables.ts";
import type { ArmContrast, ArmRow, Operator, Rq, TrialRow } from "./types.ts";

const armsIn = (trials: TrialRow[]) => [...new Set(trials.map((t) => t.arm))];

/** The one arm of a pattern among the trials, or null when it has none or several. */
function onlyArmOf(trials: TrialRow[], pattern: string): string | null {
  const arms = armsIn(trials.filter((t) => t.pattern === pattern));
  return arms.length === 1 ? arms[0] : null;
}

const declaredIn = (manifest: Record<string, unknown>): { baseline: string; treatment: string } | null => {
  const c = (manifest.options as { comparison?: unknown } | undefined)?.comparison as
    | { baseline?: unknown; treatment?: unknown }
    | undefined;
  return typeof c?.baseline === "string" && typeof c.treatment === "string"
    ? { baseline: c.baseline, treatment: c.treatment }
    : null;
};

/**
 * What the report compares: the comparison the run's manifest declares; else the catalog's baseline
 * and treatment arms when both ran; else (runs from before arms, human drills) the one arm of each
 * compared pattern; else the catalog's names (the report then says it has no data).
 */
export function comparedArms(run: Pick<LoadedRun, "manifest" | "trials">): Patterns {
  const declared = declaredIn(run.manifest);
  if (declared) return { baseline: declared.baseline, candidate: declared.treatment };
  const present = new Set(armsIn(run.trials));
  if (present.has(COMPARISON.baseline) && present.has(COMPARISON.treatment))
    return { baseline: COMPARISON.baseline, candidate: COMPARISON.treatment };
  const patternOf = (name: string) => ARMS.find((a) => a.name === name)?.pattern ?? name;
  return {
    baseline: onlyArmOf(run.trials, patternOf(COMPARISON.baseline)) ?? COMPARISON.baseline,
    candidate: onlyArmOf(run.trials, patternOf(COMPARISON.treatment)) ?? COMPARISON.treatment,
  };
}

/**
 * Every arm with finished trials, the compared two first: its factors as its trials journaled them
 * (a set when they disagree, which the matrix never plans) and its role from the catalog.
 */
export function armRows(trials: TrialRow[], compared: Patterns): ArmRow[] {
  const names = armsIn(trials);
  const order = (n: string) => (n === compared.baseline ? 0 : n === compared.candidate ? 1 : 2);
  return names
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((name) => {
      const mine = trials.filter((t) => t.arm === name);
      const all = (f: (t: TrialRow) => string) => [...new Set(mine.map(f))].sort().join(", ");
      const row = {
        name,
        pattern: all((t) => t.pattern),
        observability: all((t) => t.observability),
        deploy: all((t) => t.deploy),
        trials: mine.length,
      };
      const known = ARMS.find(
        (a) =>
          a.name === name &&
          a.pattern === row.pattern &&
          a.observability === row.observability &&
          a.deploy === row.deploy,
      );
      const role = known
        ? known.role
        : mine.some((t) => t.unmeasured?.includes("arm"))
          ? "named by its pattern (journals from before arms)"
          : "declared on the command line";
      return { ...row, role };
    });
}

/** The contrasts the run's arms allow: every other arm against the baseline, then the attribution. */
export function contrastPlan(
  arms: readonly string[],
  compared: Patterns,
): { label: string; factor: string | null; from: string; to: string }[] {
  const has = new Set(arms);
  const others = arms
    .filter((a) => a !== compared.baseline && a !== compared.candidate)
    .map((a) => ({ label: `${a} vs ${compared.baseline}`, factor: null, from: compared.baseline, to: a }));
  const attribution = ATTRIBUTION.filter((c) => has.has(c.from) && has.has(c.to)).map((c) => ({
    label: `${c.factor}: ${c.to} vs ${c.from}`,
    factor: c.factor,
    from: c.from,
    to: c.to,
  }));
  return has.has(compared.baseline) ? [...others, ...attribution] : attribution;
}

/** One contrast's pooled rows (all tasks, all kinds) for one operator, per RQ, Holm-adjusted per RQ. */
function pooledRows(
  trials: TrialRow[],
  operator: Operator,
  patterns: Patterns,
  options: CompareOptions,
): ArmContrast["comparisons"] {
  return (["rq1", "rq2"] as Rq[]).flatMap((rq) => {
    const mine = rqTrials(trials, rq).filter(
      (t) => t.arm === patterns.baseline || t.arm === patterns.candidate,
    );
    if (!mine.length) return [];
    const group = { task: ALL, faultKind: ALL, trials: mine };
    return adjustFamily(COMPARED[rq].map((k) => compare(measure(k), group, operator, patterns, options)));
  });
}

export function contrastsOf(
  trials: TrialRow[],
  operator: Operator,
  compared: Patterns,
  options: CompareOptions = {},
): ArmContrast[] {
  const mine = trials.filter((t) => t.operator === operator);
  return contrastPlan(armsIn(mine), compared).map((c) => ({
    ...c,
    operator,
    comparisons: pooledRows(mine, operator, { baseline: c.from, candidate: c.to }, options),
  }));
}
