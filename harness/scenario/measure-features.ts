/**
 * The feature side of the scenario measure: for each feature a boundary monitor watches, the
 * shipped detector's statistic against the release's training reference and calibrated threshold,
 * averaged over monitor-sized windows of the records before and after the fault, plus PSI; and
 * how much of what users send lies outside anything the release was trained on.
 */
import { referenceValue } from "../../systems/kit/features/reference.ts";
import { type TokensState, tokenize } from "../../systems/kit/features/transforms/index.ts";
import type { FieldSpec, Reference } from "../../systems/kit/features/types.ts";
import { getDetector } from "../../systems/kit/monitor/detectors/index.ts";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";
import type { LabelExplained } from "./measure-explained.ts";
import { categoricalPsi, numericPsi } from "./psi.ts";
import { averageOver, detectorStatistic, drawWindows, type WindowMode } from "./windows.ts";

export interface FeatureMeasure {
  feature: string;
  kind: "numeric" | "categorical";
  detector: string;
  /** Calibrated at training for this feature (the release's thresholds). */
  threshold: number;
  /** Mean statistic over the windows of each side; null without enough values. */
  before: number | null;
  after: number | null;
  /** after / threshold (> 1: a monitor fires on a typical window). */
  ratio: number | null;
  beforeRatio: number | null;
  psiBefore: number | null;
  psiAfter: number | null;
  /** Values each side had, and how its windows were drawn. */
  values: { before: number; after: number };
  windows: { before: WindowMode; after: WindowMode };
  /** Inputs, when the labels move: whether the new label mix alone explains this feature's move. */
  labelExplained: LabelExplained | null;
}

export interface BoundaryInput {
  reference: Reference;
  thresholds: Record<string, number>;
  before: Record<string, unknown>[];
  after: Record<string, unknown>[];
  /** The contract's (or head's) field specs: how a raw value becomes what the reference holds. */
  fields: Record<string, FieldSpec>;
  /** The release's monitoring configuration: window size and detector names (shipped in its references). */
  monitoring: { windowSize: number; detectors: { numeric: string; categorical: string } };
  windows: number;
  seed: string;
}

/** How a monitor reads a raw value (release/monitors.ts): through the field's spec, else finite numbers. */
export function monitorValue(
  fields: Record<string, FieldSpec>,
  field: string,
  raw: unknown,
): number | string | null {
  if (fields[field]) return referenceValue(fields[field], raw);
  return typeof raw === "number" && Number.isFinite(raw) ? raw : null;
}

const ratio = (s: number | null, t: number) => (s === null ? null : t > 0 ? s / t : s > 0 ? Infinity : 0);

/** Every referenced feature of a boundary, measured on both sides. */
export function measureBoundary(b: BoundaryInput): FeatureMeasure[] {
  return Object.entries(b.reference).map(([feature, ref]) => {
    const plugin = getDetector(
      ref.kind === "numeric" ? b.monitoring.detectors.numeric : b.monitoring.detectors.categorical,
    );
    const threshold = b.thresholds[feature] ?? Number.NaN;
    const values = (records: Record<string, unknown>[]) =>
      records
        .map((r) => monitorValue(b.fields, feature, r[ref.field]))
        .filter((v): v is number | string => v !== null);
    const psi = (win: (number | string)[]) =>
      ref.kind === "numeric"
        ? numericPsi(
            ref.sample,
            win.filter((v): v is number => typeof v === "number"),
          )
        : categoricalPsi(ref.counts, win.map(String));
    const side = (records: Record<string, unknown>[], name: string) => {
      const w = drawWindows(
        values(records),
        b.monitoring.windowSize,
        b.windows,
        `${b.seed}:${name}:${feature}`,
      );
      return {
        stat: averageOver(w, (win) => detectorStatistic(plugin, ref, win, threshold)),
        psi: averageOver(w, psi),
        mode: w.mode,
        n: w.available,
      };
    };
    const before = side(b.before, "before");
    const after = side(b.after, "after");
    return {
      feature,
      kind: ref.kind,
      detector: plugin.name,
      threshold,
      before: before.stat.mean,
      after: after.stat.mean,
      ratio: ratio(after.stat.mean, threshold),
      beforeRatio: ratio(before.stat.mean, threshold),
      psiBefore: before.psi.mean,
      psiAfter: after.psi.mean,
      values: { before: before.n, after: after.n },
      windows: { before: before.mode, after: after.mode },
      labelExplained: null,
    };
  });
}

/** The feature with the highest after/threshold ratio, or null when none has one. */
export function strongest(features: FeatureMeasure[]): FeatureMeasure | null {
  let best: FeatureMeasure | null = null;
  for (const f of features) if (f.ratio !== null && (best?.ratio ?? -1) < f.ratio) best = f;
  return best;
}

export interface Novelty {
  /** Share of records with a model value outside training: a category it never saw, a number beyond its range. */
  outOfSupportBefore: number;
  outOfSupportAfter: number;
  /** Fields out of support in "after", most frequent first. */
  fields: string[];
  /** A text model: mean share of a request's tokens outside the release's vocabulary; null without text. */
  oovBefore: number | null;
  oovAfter: number | null;
}

/** What training saw of each model field: its categories, or its numeric range. */
function supportOf(task: TaskDefinition, training: Row[]) {
  return task.modelFields.map((field) => {
    const spec = task.contract.fields[field];
    const vs = training.map((r) => referenceValue(spec, r[field])).filter((v) => v !== null);
    const nums = vs.filter((v): v is number => typeof v === "number");
    const cats = new Set(vs.filter((v): v is string => typeof v === "string"));
    const [min, max] = nums.length ? [Math.min(...nums), Math.max(...nums)] : [Infinity, -Infinity];
    const outside = (raw: unknown) => {
      const v = referenceValue(spec, raw);
      if (v === null) return false;
      return typeof v === "number" ? v < min || v > max : !cats.has(v);
    };
    return { field, outside };
  });
}

export function novelty(
  task: TaskDefinition,
  training: Row[],
  tokens: TokensState[],
  before: Record<string, unknown>[],
  after: Record<string, unknown>[],
): Novelty {
  const support = supportOf(task, training);
  const fieldCounts = new Map<string, number>();
  const share = (records: Record<string, unknown>[], count: boolean) => {
    let out = 0;
    for (const r of records) {
      const bad = support.filter((s) => s.outside(r[s.field]));
      if (bad.length) out++;
      if (count) for (const s of bad) fieldCounts.set(s.field, (fieldCounts.get(s.field) ?? 0) + 1);
    }
    return records.length ? out / records.length : 0;
  };
  const vocab = tokens.map((t) => ({ field: t.field, known: new Set(t.vocab) }));
  const oov = (records: Record<string, unknown>[]) => {
    const per: number[] = [];
    for (const r of records) {
      for (const v of vocab) {
        const raw = r[v.field];
        if (typeof raw !== "string") continue;
        const toks = tokenize(raw);
        if (toks.length) per.push(toks.filter((t) => !v.known.has(t)).length / toks.length);
      }
    }
    return per.length ? per.reduce((a, b) => a + b, 0) / per.length : null;
  };
  return {
    outOfSupportBefore: share(before, false),
    outOfSupportAfter: share(after, true),
    fields: [...fieldCounts].sort((a, b) => b[1] - a[1]).map(([f]) => f),
    oovBefore: oov(before),
    oovAfter: oov(after),
  };
}
