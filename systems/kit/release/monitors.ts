import { referenceValue } from "../features/reference.ts";
import type { Contract, FieldSpec, Reference } from "../features/types.ts";
import { type HeadFit, headOf } from "../heads/index.ts";
import type { UnitContext } from "../http/context.ts";
import type { Truth } from "../http/task-api.ts";
import { AccuracyMonitor } from "../monitor/accuracy.ts";
import { BoundaryMonitor } from "../monitor/boundary.ts";
import { CallMonitor } from "../monitor/calls.ts";
import { InvariantMonitor } from "../monitor/invariant.ts";
import { type Watch, watches } from "../monitor/profiles.ts";
import { ValidityMonitor } from "../monitor/validity.ts";
import { type FeedbackReply, type ReleaseRef, releaseName, SERVICE_FEATURES } from "../protocol/index.ts";
import type { GuardReason, Prediction, TaskDefinition } from "../task.ts";
import type { ReleaseReferences } from "./artifact.ts";

/**
 * Monitors built the same way in every pattern from a release's training references and the
 * thresholds calibrated with them: a pattern chooses only which boundaries it has and where, the
 * arm's observability profile which of them run (one it leaves out watches nothing and says nothing:
 * no alert, no metric, an empty status).
 */
type Part = "inputs" | "vectors" | "outputs";
const flowOf = { inputs: "input", vectors: "vector", outputs: "output" } as const;

/** What a unit calls on a boundary monitor; a watch its profile leaves out does nothing. */
export type BoundaryWatch = Pick<
  BoundaryMonitor,
  "observe" | "observeViolations" | "observeValid" | "status"
>;
const unwatched: BoundaryWatch = {
  observe: () => undefined,
  observeViolations: () => undefined,
  observeValid: () => undefined,
  status: () => [],
};
const on = (ctx: UnitContext, watch: Watch) => watches(ctx.observability, watch);

function monitor(
  ctx: UnitContext,
  boundary: string,
  refs: ReleaseReferences,
  part: Part,
  seed: number,
  fields: Record<string, FieldSpec>,
  anomaly?: "skew",
): BoundaryWatch {
  if (!on(ctx, part)) return unwatched;
  const reference: Reference = refs[part];
  return new BoundaryMonitor({
    system: ctx.system,
    unit: ctx.unit,
    boundary,
    reference,
    thresholds: refs.thresholds[part],
    windowSize: refs.monitoring.windowSize,
    falseAlarmRate: refs.monitoring.falseAlarmRate,
    detectors: refs.monitoring.detectors,
    seed,
    anomaly,
    flow: flowOf[part],
    value: (field, raw) =>
      fields[field]
        ? referenceValue(fields[field], raw)
        : typeof raw === "number" && Number.isFinite(raw)
          ? raw
          : null,
    sink: ctx.alerts,
    metrics: ctx.metrics,
    clock: ctx.clock,
  });
}

/** Raw model inputs (and schema violations) at a boundary. */
export function inputMonitor(
  ctx: UnitContext,
  boundary: string,
  refs: ReleaseReferences,
  contract: Contract,
  seed: number,
) {
  return monitor(ctx, boundary, refs, "inputs", seed, contract.fields);
}

/** Schema violations only, for a boundary where inputs are checked but not compared (no reference). */
export function schemaMonitor(ctx: UnitContext, boundary: string, seed: number): BoundaryWatch {
  if (!on(ctx, "inputs")) return unwatched;
  return new BoundaryMonitor({
    system: ctx.system,
    unit: ctx.unit,
    boundary,
    reference: {},
    flow: "input",
    seed,
    sink: ctx.alerts,
    metrics: ctx.metrics,
    clock: ctx.clock,
  });
}

/** Processed vectors against the training vectors: serving/training skew. */
export function vectorMonitor(ctx: UnitContext, boundary: string, refs: ReleaseReferences, seed: number) {
  return monitor(ctx, boundary, refs, "vectors", seed, {}, "skew");
}

/**
 * The engine's outputs (the head's: label and confidence, a value, a cluster and its distance)
 * against what it produced on the training rows. `observe` takes a prediction.
 */
export function outputMonitor(
  ctx: UnitContext,
  boundary: string,
  task: TaskDefinition,
  refs: ReleaseReferences,
  seed: number,
) {
  const head = headOf(task);
  const m = monitor(ctx, boundary, refs, "outputs", seed, head.outputFields(task));
  return {
    observe: (p: Prediction) => m.observe(head.outputRecord(p)),
    status: () => m.status(),
  };
}

/**
 * The share of the engine's outputs the logic's guard refuses, where the logic receives them: part
 * of the engine's outputs watch, so only a profile that watches internal flows runs it.
 */
export function validityMonitor(ctx: UnitContext, boundary: string) {
  if (!on(ctx, "outputs")) return { observe: (_guard: GuardReason | null) => undefined };
  return new ValidityMonitor({
    system: ctx.system,
    unit: ctx.unit,
    boundary,
    sink: ctx.alerts,
    metrics: ctx.metrics,
  });
}

/** Judges a user's report on an answer: their yes/no as it is, a true outcome the way the task's head does. */
export function feedbackJudge(task: TaskDefinition, fit: HeadFit) {
  const head = headOf(task);
  return (answered: unknown, truth: Truth) =>
    truth.correct ?? head.correct(task, fit, answered, truth.label ?? "");
}

/**
 * Users' reports of the true outcome, against the accuracy the service showed when it was healthy:
 * the held-out accuracy of the system's first model release. Not against a new release's own
 * figure, which a broken training pipeline would have computed on broken labels too.
 */
export function accuracyMonitor(ctx: UnitContext, release: ReleaseRef, baseline: ReleaseReferences) {
  return new AccuracyMonitor({
    system: ctx.system,
    unit: ctx.unit,
    boundary: "feedback",
    release: releaseName(release),
    expected: baseline.expected.accuracy,
    sink: ctx.alerts,
    metrics: ctx.metrics,
  });
}

/**
 * Users' feedback on one release's answers: judged with that release's own head and counted in its
 * own accuracy monitor (comparative evaluation compares releases by these).
 */
export function releaseFeedback(
  ctx: UnitContext,
  task: TaskDefinition,
  release: ReleaseRef,
  baseline: ReleaseReferences,
  head: HeadFit,
) {
  const accuracy = accuracyMonitor(ctx, release, baseline);
  const judge = feedbackJudge(task, head);
  return {
    observe: (answered: unknown, truth: Truth) => accuracy.observe(judge(answered, truth)),
    status: () => accuracy.status(),
    /** This release's line of a unit's `GET /admin/feedback` (comparative evaluation reads it). */
    report: (): FeedbackReply["releases"][number] => {
      const s = accuracy.status();
      return { release, n: s.n, accuracy: s.n ? s.accuracy : null, expected: s.expected };
    },
  };
}

/** A business invariant on the answers the unit gives (the task's audit). */
export function invariantMonitor(ctx: UnitContext, boundary: string, feature: string) {
  if (!on(ctx, "rules")) return { observe: (_violation: string | null) => undefined };
  return new InvariantMonitor({
    system: ctx.system,
    unit: ctx.unit,
    boundary,
    feature,
    sink: ctx.alerts,
    metrics: ctx.metrics,
  });
}

/** A call to a dependency: a store (the database, the lake) or another part (a unit, the engine). */
export function callMonitor(
  ctx: UnitContext,
  boundary: string,
  target: string,
  targetKind: "store" | "unit",
): Pick<CallMonitor, "observe"> {
  if (!on(ctx, targetKind === "store" ? "store" : "parts")) return { observe: () => undefined };
  return new CallMonitor({
    system: ctx.system,
    unit: ctx.unit,
    boundary,
    target,
    targetKind,
    sink: ctx.alerts,
    metrics: ctx.metrics,
  });
}

/** Turns a vector into a record keyed by feature name, as the vector reference is. */
export function vectorRecord(names: string[], vector: number[]): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, vector[i]]));
}

/**
 * The requests a unit serves at its public boundary, as an app team watches them: the share of
 * client errors (4xx) and of server errors (5xx) among its answers, and their p95 latency.
 * Judged once 20 answers are in, so a few early refusals are not a spike.
 */
export function serviceMonitor(ctx: UnitContext, boundary: string) {
  if (!on(ctx, "service")) return { observe: (_ms: number, _status: number) => undefined };
  const watch = (feature: string, w: { errors: boolean; latency: boolean }) =>
    new CallMonitor({
      system: ctx.system,
      unit: ctx.unit,
      boundary,
      target: feature,
      targetKind: "service",
      watch: w,
      minCalls: 20,
      sink: ctx.alerts,
      metrics: ctx.metrics,
    });
  const client = watch(SERVICE_FEATURES.client, { errors: true, latency: false });
  const server = watch(SERVICE_FEATURES.server, { errors: true, latency: false });
  const latency = watch(SERVICE_FEATURES.latency, { errors: false, latency: true });
  return {
    observe(ms: number, status: number) {
      client.observe(ms, status < 400 || status >= 500);
      server.observe(ms, status < 500);
      latency.observe(ms, true);
    },
  };
}
