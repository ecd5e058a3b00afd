/**
 * The verdict of the scenario measure: is the fault detectable by design, what kind of shift do
 * the data show, and does the cause the scenario declares fit it. The rules are here, stated once.
 */
import type { AccuracyMeasure } from "./measure-accuracy.ts";
import type { FaultKind, LabelShift } from "./measure-data.ts";
import { type FeatureMeasure, type Novelty, strongest } from "./measure-features.ts";

/** Label shares moving more than this (total variation distance), and more than their sampling noise, is a prior shift. */
export const PRIOR_TVD = 0.05;

/**
 * The labels move: TVD above PRIOR_TVD and above its sampling noise (with the chatbot's 31 classes
 * and about 300 labels a side, two samples of unchanged traffic already differ by about 0.17).
 */
export const labelsMove = (l: LabelShift): boolean => l.tvd > PRIOR_TVD && l.tvd > l.tvdNoise;
/** Records (or labels, or tokens) new to the release gaining more than this share is a novel group. */
export const NOVEL_SHARE = 0.05;
/** The schema window's alarm (kit/monitor/boundary.ts defaults): 3 violating records among the last 100. */
export const CONTRACT_ALARM = 3 / 100;

export type DeclaredKind =
  | "covariate"
  | "prior"
  | "concept"
  | "novel"
  | "schema"
  | "release"
  | "processing"
  | "engine"
  | "infra";
export type DataKind = "covariate" | "prior" | "concept" | "novel" | "schema" | "none";

export interface Verdict {
  /**
   * The rule: true when the strongest model feature's mean after-statistic exceeds its calibrated
   * threshold (the request monitor fires on a typical window), or the contract breaks on at least
   * CONTRACT_ALARM of the requests (the schema monitor fires), or the release's accuracy drops by
   * more than 2 binomial standard errors at the accuracy monitor's window of 100 reports. null for
   * system faults (release.*, processing.*, engine.*, infra.*): the data do not move, the fault is in the system.
   */
  detectableByDesign: boolean | null;
  /** Which monitors a typical window would trip: the rule's three, plus outputs and vectors (the distributed profile's). */
  seenBy: { inputs: boolean; contract: boolean; accuracy: boolean; outputs: boolean; vectors: boolean };
  declared: DeclaredKind;
  /** The first signal of schema, novel, covariate, concept, prior; "none" when none shows; null for system faults. */
  suggested: DataKind | null;
  /** Every kind whose signal shows. */
  signals: DataKind[];
  /**
   * Whether the declared kind's signal shows:
   * - covariate: a model feature beyond its threshold, whose move the label mix does not explain;
   * - prior: the labels move (labelsMove: TVD > 0.05 and above its noise) while every feature stays
   *   under its threshold, or moves only as far as the new label mix explains (measure-explained.ts:
   *   a prior shift keeps each class's inputs, so the inputs move with the mix);
   * - concept: accuracy drops (> 2 SE) with no unexplained feature move, and the labels move little
   *   or their move does not explain the drop (the drop beyond label reweighting > 2 SE);
   * - novel: records, labels or tokens the release never saw gain NOVEL_SHARE of the traffic;
   * - schema: the payload changes.
   * null for system faults.
   */
  causeFits: boolean | null;
  explanation: string;
}

export interface VerdictInput {
  fault: string;
  kind: FaultKind;
  changedAfter: number;
  contract: { rejectedBefore: number; rejectedAfter: number; fields: string[] };
  inputs: FeatureMeasure[];
  outputs: FeatureMeasure[];
  vectors: FeatureMeasure[];
  labels: LabelShift;
  novelty: Novelty;
  accuracy: AccuracyMeasure;
}

export function declaredKind(faultType: string): DeclaredKind {
  const [family, kind] = faultType.split(".");
  if (family === "trend" && (["covariate", "prior", "concept", "novel"] as const).includes(kind as never))
    return kind as DeclaredKind;
  if (["schema", "release", "processing", "engine", "infra"].includes(family)) return family as DeclaredKind;
  throw new Error(`no declared kind for fault '${faultType}'`);
}

const n2 = (x: number | null) => (x === null ? "n/a" : x.toFixed(2));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const over = (fs: FeatureMeasure[]) => fs.some((f) => f.ratio !== null && f.ratio > 1);

export function featureText(f: FeatureMeasure | null): string {
  if (!f || f.after === null) return "no feature measured";
  return `${f.feature} ${f.detector} ${n2(f.after)} vs threshold ${n2(f.threshold)} (${n2(f.ratio)}x)`;
}

/** The label groups that moved most, e.g. "sun 45.9% -> 56.7%, drizzle 5.3% -> 0.4%". */
export function labelMovers(l: LabelShift, top = 2): string {
  const keys = [...new Set([...Object.keys(l.before), ...Object.keys(l.after)])];
  return keys
    .map((k) => ({ k, b: l.before[k] ?? 0, a: l.after[k] ?? 0 }))
    .sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b))
    .slice(0, top)
    .filter((m) => m.a !== m.b)
    .map((m) => `${m.k} ${pct(m.b)} -> ${pct(m.a)}`)
    .join(", ");
}

export function verdictOf(v: VerdictInput): Verdict {
  const declared = declaredKind(v.fault);
  const a = v.accuracy;
  const inputOver = over(v.inputs);
  const moved = labelsMove(v.labels);
  // Inputs beyond threshold whose move the new label mix does not explain.
  const unexplained = v.inputs.filter(
    (f) => f.ratio !== null && f.ratio > 1 && !(moved && f.labelExplained?.explained),
  );
  const explainedOver = v.inputs.filter((f) => f.ratio !== null && f.ratio > 1 && !unexplained.includes(f));
  const contractBroken =
    v.contract.rejectedAfter >= CONTRACT_ALARM && v.contract.rejectedAfter > v.contract.rejectedBefore;
  const seenBy = {
    inputs: inputOver,
    contract: contractBroken,
    accuracy: a.significant,
    outputs: over(v.outputs),
    vectors: over(v.vectors),
  };
  const nv = v.novelty;
  const novel =
    v.labels.unseenShareAfter >= NOVEL_SHARE ||
    nv.outOfSupportAfter - nv.outOfSupportBefore >= NOVEL_SHARE ||
    (nv.oovAfter ?? 0) - (nv.oovBefore ?? 0) >= NOVEL_SHARE;
  const beyondPrior = a.significant && a.conceptGap !== null && a.se !== null && a.conceptGap > 2 * a.se;
  const present: Record<Exclude<DataKind, "none">, boolean> = {
    schema: v.kind === "payload" && v.changedAfter > 0,
    novel,
    covariate: unexplained.length > 0,
    concept: a.significant && unexplained.length === 0 && (!moved || beyondPrior),
    prior: moved && unexplained.length === 0,
  };
  const signals = (Object.keys(present) as Exclude<DataKind, "none">[]).filter((k) => present[k]);
  const system = v.kind === "system";
  const fits: Record<DeclaredKind, boolean | null> = {
    covariate: present.covariate,
    prior: present.prior,
    concept: present.concept,
    novel,
    schema: present.schema,
    release: null,
    processing: null,
    engine: null,
    infra: null,
  };
  const detectableByDesign = system ? null : inputOver || contractBroken || a.significant;
  const suggested: DataKind | null = system ? null : (signals[0] ?? "none");

  const top = strongest(v.inputs);
  const movers = labelMovers(v.labels);
  const evidence = [
    `strongest input ${featureText(top)}`,
    `labels TVD ${n2(v.labels.tvd)} (noise ${n2(v.labels.tvdNoise)}${movers ? `; ${movers}` : ""})`,
    `accuracy ${n2(a.before)} -> ${n2(a.after)} (drop ${n2(a.drop)}, 2 SE ${n2(a.se === null ? null : 2 * a.se)})`,
  ];
  if (explainedOver.length)
    evidence.push(
      `the move of ${explainedOver.map((f) => `${f.feature} (${n2(f.ratio)}x)`).join(", ")} is what the new label mix gives (reweighted residual p ${explainedOver.map((f) => n2(f.labelExplained?.p ?? null)).join(", ")})`,
    );
  if (v.contract.rejectedAfter > 0)
    evidence.push(
      `${pct(v.contract.rejectedAfter)} of requests break the contract (${v.contract.fields.join(", ")})`,
    );
  if (novel)
    evidence.push(
      `new to the release: ${pct(v.labels.unseenShareAfter)} of labels${v.labels.unseen.length ? ` (${v.labels.unseen.join(", ")})` : ""}, ${pct(nv.outOfSupportAfter)} of records out of the training range${nv.oovAfter !== null ? `, ${pct(nv.oovAfter)} of tokens unknown (before ${pct(nv.oovBefore ?? 0)})` : ""}`,
    );
  let explanation: string;
  if (system) {
    explanation = `Data unchanged; fault is in the system: ${v.fault} acts on the running system (${evidence.slice(0, 2).join("; ")}).`;
  } else {
    const fit = fits[declared] ? "Fits" : "Does not fit";
    explanation = `${fit}: declared ${declared}, the data suggest ${suggested}; ${evidence.join("; ")}.`;
    if (!detectableByDesign) {
      const others = (["outputs", "vectors"] as const).filter((k) => seenBy[k]);
      const f = others.map((k) => featureText(strongest(k === "outputs" ? v.outputs : v.vectors)));
      explanation += ` Undetectable by design by the request, schema and accuracy monitors${others.length ? `; the ${others.join(" and ")} monitors would see it (${f.join("; ")})` : ""}.`;
    }
  }
  return {
    detectableByDesign,
    seenBy,
    declared,
    suggested,
    signals,
    causeFits: fits[declared],
    explanation,
  };
}

/** What a scenario declares of itself (`expect:`), as the verdict is checked against it. */
export interface Declared {
  detectable: boolean;
  cause?: "covariate" | "prior" | "concept" | "novel" | "schema";
  reason: string;
}

/**
 * Whether a scenario does what it says. Without an `expect` section it must be detectable by design
 * and its fault's declared cause must fit its data; with one, its detectability must be as declared
 * and, when it names the cause its data really show, that cause's signal must show (a scenario
 * declared undetectable without a cause is checked for that alone: its reason says why). A release
 * or infra fault moves no data: nothing to disagree with.
 */
export function agrees(v: Verdict, expect: Declared | null): { ok: boolean; why: string } {
  if (v.detectableByDesign === null) return { ok: true, why: "the fault is in the system, not the data" };
  const detectable = expect?.detectable ?? true;
  if (v.detectableByDesign !== detectable)
    return {
      ok: false,
      why: `${v.detectableByDesign ? "detectable" : "undetectable"} by design, declared ${detectable ? "detectable" : "undetectable"}`,
    };
  if (expect && !expect.detectable && !expect.cause) return { ok: true, why: "undetectable, as declared" };
  if (expect?.cause) {
    const shows = v.signals.includes(expect.cause);
    return {
      ok: shows,
      why: shows ? `its data show ${expect.cause}, as declared` : `no ${expect.cause} signal in its data`,
    };
  }
  return {
    ok: v.causeFits === true,
    why: v.causeFits
      ? `its data fit ${v.declared}`
      : `declared ${v.declared}, its data suggest ${v.suggested}`,
  };
}
