/**
 * `archdrill scenarios measure`: does a scenario do what it says? For one scenario file it plans
 * the timeline as a trial does, splits the requests around the fault and measures what the shift
 * does to the task's data, against the task's initial release (the one every trial starts on):
 * each model feature's drift statistic against its calibrated threshold, before and after; the
 * labels' shift; the release's accuracy before and after; what reaches none of it. Then a verdict:
 * is the fault detectable by design, and does the cause it declares fit what the data show?
 * Data only: no system is started and no request is sent.
 */
import { headOf } from "../../systems/kit/heads/index.ts";
import type { PlannedRequest } from "../traffic/timeline.ts";
import { type AccuracyMeasure, accuracyOf } from "./measure-accuracy.ts";
import {
  type Expectation,
  type FaultKind,
  type LabelShift,
  labelShift,
  loadWithExpectation,
  type Side,
  scenarioGrouper,
  sideOf,
  splitTimeline,
  taskOf,
} from "./measure-data.ts";
import { explainedByLabels } from "./measure-explained.ts";
import {
  type FeatureMeasure,
  measureBoundary,
  monitorValue,
  type Novelty,
  novelty,
  strongest,
} from "./measure-features.ts";
import { initialRelease } from "./measure-release.ts";
import { type DeclaredKind, labelsMove, type Verdict, verdictOf } from "./measure-verdict.ts";

export { ACCURACY_WINDOW } from "./measure-accuracy.ts";
export { measureTable } from "./measure-table.ts";
export type { DataKind, DeclaredKind, Verdict } from "./measure-verdict.ts";
export type { AccuracyMeasure, Expectation, FeatureMeasure, LabelShift, Novelty };

/** Windows averaged per side and feature, so one lucky window does not decide. */
export const WINDOWS = 5;

export interface ScenarioMeasure {
  file: string;
  title: string;
  task: string;
  seed: number;
  fault: { type: string; at: number; width: number; kind: FaultKind; declared: DeclaredKind };
  /** The scenario's own `expect:` section, when it has one. */
  expect: Expectation | null;
  requests: { total: number; before: number; after: number; afterStart: number; changedAfter: number };
  /** Values per window (the monitors' window size) and windows averaged per side and feature. */
  monitorWindow: number;
  windows: number;
  /** For a system fault (release.*, processing.*, engine.*, infra.*): "data unchanged; fault is in the system"; else null. */
  note: string | null;
  /** Shares of requests the public contract rejects, and the fields it names after the fault. */
  contract: { rejectedBefore: number; rejectedAfter: number; fields: string[] };
  /** The request boundary: raw model inputs (both patterns watch it). */
  inputs: FeatureMeasure[];
  /** The engine's outputs (both patterns watch them). */
  outputs: FeatureMeasure[];
  /** Processed vectors (the processing -> engine boundary, watched on the distributed profile). */
  vectors: FeatureMeasure[];
  labels: LabelShift;
  novelty: Novelty;
  accuracy: AccuracyMeasure;
  verdict: Verdict;
}

const payloads = (rs: PlannedRequest[]) => rs.map((r) => r.payload);

/** Measures one scenario file; `seed` overrides the scenario's timeline seed. */
export async function measureScenario(
  file: string,
  opts: { seed?: number; windows?: number } = {},
): Promise<ScenarioMeasure> {
  const { scenario, file: name, expect } = loadWithExpectation(file);
  const task = taskOf(scenario);
  const seed = opts.seed ?? scenario.timeline.seed;
  const windows = opts.windows ?? WINDOWS;
  const split = splitTimeline(scenario, seed);
  const release = await initialRelease(task);
  const refs = release.references;
  const head = headOf(task);
  const before = sideOf(task, split.before);
  const after = sideOf(task, split.after);

  const inputs = measureBoundary({
    reference: refs.inputs,
    thresholds: refs.thresholds.inputs,
    before: payloads(before.accepted),
    after: payloads(after.accepted),
    fields: task.contract.fields,
    monitoring: refs.monitoring,
    windows,
    seed: `${seed}:inputs`,
  });
  const engine = (s: Side) => {
    const vectors = release.vectorize(payloads(s.answered));
    return { side: s, vectors, predictions: release.infer(vectors) };
  };
  const [eb, ea] = [engine(before), engine(after)];
  const outputs = measureBoundary({
    reference: refs.outputs,
    thresholds: refs.thresholds.outputs,
    before: eb.predictions.map((p) => head.outputRecord(p)),
    after: ea.predictions.map((p) => head.outputRecord(p)),
    fields: head.outputFields(task),
    monitoring: refs.monitoring,
    windows,
    seed: `${seed}:outputs`,
  });
  const asRecords = (vs: number[][]) =>
    vs.map((v) => Object.fromEntries(release.vectorNames.map((n, i) => [n, v[i]])));
  const vectors = measureBoundary({
    reference: refs.vectors,
    thresholds: refs.thresholds.vectors,
    before: asRecords(eb.vectors),
    after: asRecords(ea.vectors),
    fields: {},
    monitoring: refs.monitoring,
    windows,
    seed: `${seed}:vectors`,
  });

  const grouper = scenarioGrouper(task, scenario);
  const labels = labelShift(task, grouper, split.before, split.after, release.training, `${seed}:labels`);
  if (labelsMove(labels)) {
    // Would the new label mix alone move each input this far? (A prior shift moves inputs too.)
    const labelled = (rs: PlannedRequest[], field: string) =>
      rs.flatMap((r) => {
        const value = monitorValue(task.contract.fields, field, r.payload[field]);
        return value === null || r.label === null ? [] : [{ value, group: grouper.of(r.label) }];
      });
    for (const f of inputs) {
      const field = refs.inputs[f.feature]?.field ?? f.feature;
      f.labelExplained = explainedByLabels(labelled(before.accepted, field), labelled(after.accepted, field));
    }
  }
  const answered = (e: typeof eb) => ({ requests: e.side.answered, predictions: e.predictions });
  const accuracy = accuracyOf(
    refs.expected.accuracy,
    answered(eb),
    answered(ea),
    release.correct,
    grouper.of,
  );
  const novel = novelty(
    task,
    release.training,
    release.tokens,
    payloads(before.accepted),
    payloads(after.accepted),
  );
  const contract = {
    rejectedBefore: before.rejectedShare,
    rejectedAfter: after.rejectedShare,
    fields: after.rejectedFields,
  };
  const verdict = verdictOf({
    fault: split.fault.type,
    kind: split.kind,
    changedAfter: split.changedAfter,
    contract,
    inputs,
    outputs,
    vectors,
    labels,
    novelty: novel,
    accuracy,
  });
  return {
    file: name,
    title: scenario.title,
    task: task.name,
    seed,
    fault: {
      type: split.fault.type,
      at: split.fault.at,
      width: split.fault.width,
      kind: split.kind,
      declared: verdict.declared,
    },
    expect,
    requests: {
      total: split.total,
      before: split.before.length,
      after: split.after.length,
      afterStart: split.afterStart,
      changedAfter: split.changedAfter,
    },
    monitorWindow: refs.monitoring.windowSize,
    windows,
    note: split.kind === "system" ? "data unchanged; fault is in the system" : null,
    contract,
    inputs,
    outputs,
    vectors,
    labels,
    novelty: novel,
    accuracy,
    verdict,
  };
}

export { strongest };
