/**
 * What a task supplies to the kit and the patterns. The kit knows no task: it knows this shape.
 * A task is written once; a pattern only decides how these parts become units.
 */
import type { ZodType } from "zod";
import type { ContractRevision } from "./contract-versions.ts";
import type { ModelSpec } from "./engine/model.ts";
import type { Contract, Violation } from "./features/types.ts";
import type { TransformSpec } from "./features/vectorizer.ts";
import type { CheckResult, MonitoringConfig, Prediction, Row } from "./protocol/index.ts";
import type { Store } from "./store/store.ts";

export type { CheckResult, Prediction, Row } from "./protocol/index.ts";

/** Where scenario tests send their requests, and whether they are the harness's synthetic checks. */
export interface ScenarioContext {
  api: string;
  heldOut: Row[];
  synthetic?: boolean;
  /** The contract version the tests' requests are in (absent: v1; kit/contract-versions.ts). */
  version?: string;
}

/**
 * A named slice of the dataset: an inclusive ISO date range on its time column, and/or a row
 * filter (a dataset without time, like the penguins, slices by group instead).
 */
export interface Period {
  name: string;
  from?: string;
  to?: string;
  where?: (row: Row) => boolean;
}

/**
 * What the engine's output head is (kit/heads): which outputs a prediction has, how training
 * targets are built and how a user's reported outcome is judged right or wrong.
 * - classes: a softmax over `classes`;
 * - value: one number (a regression); a reported outcome within `tolerance` (relative) counts as
 *   right; outputs outside [min, max] are refused by the guard (a broken engine, not a forecast);
 * - clusters: k-means with `k` centres; a row farther from its centre than the `limitQuantile`
 *   of the training rows' distances fits no cluster. `classes` then name the groups users report
 *   (for evaluation only: the engine never sees them).
 */
export type HeadSpec =
  | { kind: "classes" }
  | { kind: "value"; tolerance: number; min: number; max: number }
  | { kind: "clusters"; k: number; limitQuantile: number };

/**
 * One engine answer. Which fields are set depends on the head: classes set label, confidence and
 * scores (per class); value sets value; clusters set label (the cluster, "c1".."ck"), confidence
 * (its soft-assignment share), value (distance to its centre), limit and scores (per cluster).
 */

/** Why a prediction was not used: the engine's output is guarded, never trusted blindly. */
/** `contract`: the engine refused the request's contract version (it speaks another one). */
export type GuardReason =
  | "unavailable"
  | "contract"
  | "invalid-label"
  | "invalid-confidence"
  | "invalid-value";

export interface TaskLogic<Input, Output> {
  /** Creates the task's tables and seeds its business rules. Idempotent. */
  migrate(store: Store): Promise<void>;
  /** The business decision; `prediction` is null when the guard refused the engine's output. */
  decide(
    store: Store,
    input: Input,
    prediction: Prediction | null,
    guard: GuardReason | null,
  ): Promise<Output>;
  /** Public reference data the UI and the scenario tests read (e.g. venues and their rules). */
  reference(store: Store): Promise<unknown>;
}

export interface TaskDefinition<Input = Record<string, unknown>, Output = Record<string, unknown>> {
  name: string;
  title: string;
  dataset: string;
  periods: { initial: Period; later: Period[] };
  /**
   * Rows of the initial period kept out of training for the scenario tests: a seeded share, or the
   * rows a dataset itself sets aside (CLINC150's test split).
   */
  holdout: { fraction: number; seed: number } | { where: (row: Row) => boolean };
  /** The public request payload (v1; a task at a later version has that version's). */
  contract: Contract;
  /** Later contract versions, each a revision of v1 (kit/contract-versions.ts). */
  versions?: readonly ContractRevision[];
  /** Set on a task derived at a later version by atVersion(): that version, and the v1 task. */
  contractVersion?: string;
  base?: TaskDefinition;
  /** Contract fields the model reads (the rest is for the business logic). */
  modelFields: string[];
  /**
   * How this task's releases are watched, over the kit's defaults (detectors by registered name,
   * window, false-alarm rate): decided at training and shipped with every release.
   */
  monitoring?: Partial<Omit<MonitoringConfig, "detectors">> & {
    detectors?: Partial<MonitoringConfig["detectors"]>;
  };
  target: string;
  /** The labels users report: the classes (classification), the groups (clustering), none (value). */
  classes: readonly string[];
  head: HeadSpec;
  /** Rows of groups the engine never saw (new species), for the trend.novel fault. */
  novelRows?(): Row[];
  /** false: the logic answers this request alone (a predefined question); the engine is not called. */
  usesModel?(input: Record<string, unknown>): boolean;
  /** Rules across fields the contract cannot state (e.g. exactly one of two), as violations. */
  checkRequest?(input: Record<string, unknown>): Violation[];
  features: TransformSpec[];
  model: ModelSpec;
  seed: number;
  /** Public prediction route, e.g. "/api/plan". */
  route: string;
  /** A dataset row as a user's request. */
  toRequest(row: Row, index: number): Record<string, unknown>;
  outputSchema: ZodType<Output>;
  /** Fields of the public answer that carry the model's label and the business decision. */
  answer: { label: string; decision: string };
  logic: TaskLogic<Input, Output>;
  /**
   * Named business-logic regressions for the release.logic fault: the same broken code is
   * deployed in every pattern. Must include "default".
   */
  regressions: Record<string, TaskLogic<Input, Output>>;
  /**
   * A business-logic improvement a living system would ship between two model releases (RQ2
   * checks whether it survives a rollback of the model), and how to see it in an answer.
   */
  improvement?: { name: string; logic: TaskLogic<Input, Output>; isLive(answer: Output): boolean };
  /**
   * A business invariant every answer must keep, checked at run time by code apart from the logic
   * (e.g. "the decision follows the venue rules"): a sentence when the answer breaks it, else null.
   * `reference` is what logic.reference() returns.
   */
  auditAnswer?(answer: Output, reference: unknown): string | null;
  /** Folder with the UI's index.html. */
  uiDir: string;
  /**
   * What a browser test may rely on in the UI page: a selector present once the page has loaded
   * its reference data, and where it shows the model's answer and the business decision. Every
   * numeric model field has an input whose id is the field's name.
   */
  uiProbe: { ready: string; label: string; decision: string };
  /**
   * The task's scenario tests over the public API. `synthetic`: the harness's own checks, sent with
   * the synthetic mark so production monitors leave them out.
   */
  scenarioTests(ctx: ScenarioContext): Promise<CheckResult[]>;
}

/** The part of a request the model reads (absent fields as null): what crosses into processing. */
export function modelRecord(task: TaskDefinition, input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(task.modelFields.map((f) => [f, input[f] ?? null]));
}
