import { describe, expect, it } from "vitest";
import type { AccuracyMeasure } from "./measure-accuracy.ts";
import type { LabelShift } from "./measure-data.ts";
import type { FeatureMeasure, Novelty } from "./measure-features.ts";
import { agrees, declaredKind, type Verdict, type VerdictInput, verdictOf } from "./measure-verdict.ts";

const feature = (name: string, ratio: number, explained: boolean | null = null): FeatureMeasure => ({
  feature: name,
  kind: "numeric",
  detector: "ks",
  threshold: 0.1,
  before: 0.05,
  after: ratio * 0.1,
  ratio,
  beforeRatio: 0.5,
  psiBefore: 0.01,
  psiAfter: 0.1,
  values: { before: 300, after: 300 },
  windows: { before: "subsets", after: "subsets" },
  labelExplained: explained === null ? null : { residual: 0.05, p: explained ? 0.5 : 0.001, explained },
});
const labels = (tvd: number, noise = 0.08): LabelShift => ({
  groups: ["a", "b"],
  before: { a: 0.5, b: 0.5 },
  after: { a: 0.5 + tvd, b: 0.5 - tvd },
  tvd,
  tvdNoise: noise,
  unseen: [],
  unseenShareAfter: 0,
});
const accuracy = (before: number, after: number, priorExplained = before): AccuracyMeasure => {
  const se = Math.sqrt((before * (1 - before)) / 100);
  return {
    expected: before,
    before,
    after,
    n: { before: 300, after: 300 },
    drop: before - after,
    se,
    significant: before - after > 2 * se,
    priorExplained,
    conceptGap: priorExplained - after,
    belowMonitorLimit: false,
  };
};
const quiet: Novelty = {
  outOfSupportBefore: 0,
  outOfSupportAfter: 0,
  fields: [],
  oovBefore: null,
  oovAfter: null,
};
const input = (over: Partial<VerdictInput>): VerdictInput => ({
  fault: "trend.covariate",
  kind: "data",
  changedAfter: 300,
  contract: { rejectedBefore: 0, rejectedAfter: 0, fields: [] },
  inputs: [feature("x", 0.7)],
  outputs: [feature("label", 0.5)],
  vectors: [feature("x", 0.7)],
  labels: labels(0.02),
  novelty: quiet,
  accuracy: accuracy(0.8, 0.8),
  ...over,
});

describe("the scenario measure's verdict", () => {
  it("names the declared kind after the fault family", () => {
    expect(declaredKind("trend.prior")).toBe("prior");
    expect(declaredKind("schema.swap")).toBe("schema");
    expect(declaredKind("release.model")).toBe("release");
    expect(declaredKind("infra.db")).toBe("infra");
    expect(() => declaredKind("weather.storm")).toThrow(/no declared kind/);
  });

  it("calls a covariate shift with no feature beyond threshold a prior shift when the labels move", () => {
    const v = verdictOf(input({ labels: labels(0.11) }));
    expect(v).toMatchObject({ detectableByDesign: false, suggested: "prior", causeFits: false });
    expect(v.explanation).toMatch(/Undetectable by design/);
  });

  it("keeps a label move within its sampling noise from counting as a prior shift", () => {
    expect(verdictOf(input({ labels: labels(0.11, 0.15) })).suggested).toBe("none");
  });

  it("accepts a prior shift whose inputs move only as far as the new label mix explains", () => {
    const explained = input({ fault: "trend.prior", labels: labels(0.4), inputs: [feature("x", 2, true)] });
    expect(verdictOf(explained)).toMatchObject({
      suggested: "prior",
      causeFits: true,
      detectableByDesign: true,
    });
    const not = input({ fault: "trend.prior", labels: labels(0.4), inputs: [feature("x", 2, false)] });
    expect(verdictOf(not)).toMatchObject({ suggested: "covariate", causeFits: false });
  });

  it("finds a concept shift in an accuracy drop the features and the label mix do not explain", () => {
    const v = verdictOf(input({ fault: "trend.concept", accuracy: accuracy(0.8, 0.5) }));
    expect(v).toMatchObject({ suggested: "concept", causeFits: true, detectableByDesign: true });
    expect(v.seenBy).toMatchObject({ accuracy: true, inputs: false });
    // The same drop, all of it what the new label mix predicts: a prior shift.
    const mix = verdictOf(
      input({ fault: "trend.concept", labels: labels(0.3), accuracy: accuracy(0.8, 0.5, 0.52) }),
    );
    expect(mix).toMatchObject({ suggested: "prior", causeFits: false });
  });

  it("finds a novel group in records outside everything the release trained on", () => {
    const novelty = { ...quiet, outOfSupportAfter: 0.4, fields: ["x"] };
    expect(verdictOf(input({ fault: "trend.novel", novelty })).causeFits).toBe(true);
  });

  it("counts a schema fault detectable when 3 in 100 requests break the contract", () => {
    const contract = { rejectedBefore: 0, rejectedAfter: 0.03, fields: ["x"] };
    expect(verdictOf(input({ fault: "schema.nulls", kind: "payload", contract }))).toMatchObject({
      detectableByDesign: true,
      suggested: "schema",
      causeFits: true,
    });
  });

  it("leaves release and infrastructure faults to the system: no verdict from the data", () => {
    const v = verdictOf(input({ fault: "infra.db", kind: "system", changedAfter: 0 }));
    expect(v).toMatchObject({
      detectableByDesign: null,
      suggested: null,
      causeFits: null,
      declared: "infra",
    });
    expect(v.explanation).toMatch(/^Data unchanged; fault is in the system/);
  });
});

describe("whether a scenario does what it says", () => {
  const verdict = (over: Partial<Verdict>): Verdict => ({
    detectableByDesign: true,
    seenBy: { inputs: true, contract: false, accuracy: false, outputs: false, vectors: false },
    declared: "covariate",
    suggested: "covariate",
    signals: ["covariate"],
    causeFits: true,
    explanation: "",
    ...over,
  });

  it("agrees when it is detectable and its cause fits, with nothing declared", () => {
    expect(agrees(verdict({}), null).ok).toBe(true);
    expect(agrees(verdict({ causeFits: false, suggested: "prior", signals: ["prior"] }), null)).toEqual({
      ok: false,
      why: "declared covariate, its data suggest prior",
    });
    expect(agrees(verdict({ detectableByDesign: false }), null).ok).toBe(false);
  });

  it("takes what a scenario declares: its detectability, and the cause its data really show", () => {
    const prior = verdict({
      detectableByDesign: false,
      causeFits: false,
      suggested: "prior",
      signals: ["prior"],
    });
    expect(agrees(prior, { detectable: false, cause: "prior", reason: "r" }).ok).toBe(true);
    expect(agrees(prior, { detectable: false, cause: "concept", reason: "r" }).ok).toBe(false);
    expect(agrees(prior, { detectable: true, reason: "r" }).ok).toBe(false);
    expect(
      agrees(verdict({ detectableByDesign: false, causeFits: false }), { detectable: false, reason: "r" }).ok,
    ).toBe(true);
  });

  it("has nothing to disagree with for a fault in the system", () => {
    expect(agrees(verdict({ detectableByDesign: null, causeFits: null }), null).ok).toBe(true);
  });
});
