/**
 * What a task supplies to the kit and the patterns. The kit knows no task: it knows this shape.
 * A task is written once; a pattern only decides how these parts become units.
 */
import type { ZodType } from "zod";
import type { ModelSpec } from "./engine/model.ts";
import type { Contract } from "./features/types.ts";
import type { TransformSpec } from "./features/vectorizer.ts";
import type { Store } from "./store/store.ts";

export type Row = Record<string, string | number | null>;

/** Inclusive ISO date range on the dataset's time column. */
export interface Period {
  name: string;
  from: string;
  to: string;
}

export interface Prediction {
  label: string;
  confidence: number;
  scores: Record<string, number>;
}

/** Why a prediction was not used: the engine's output is guarded, never trusted blindly. */
export type GuardReason = "unavailable" | "invalid-label" | "invalid-confidence";

export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
  value?: number;
}

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
  /** Held-out share of the initial period, kept out of training for the scenario tests. */
  holdout: { fraction: number; seed: number };
  /** The public request payload. */
  contract: Contract;
  /** Contract fields the model reads (the rest is for the business logic). */
  modelFields: string[];
  target: string;
  classes: readonly string[];
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
  scenarioTests(ctx: { api: string; heldOut: Row[] }): Promise<CheckResult[]>;
}

/** The part of a request the model reads (absent fields as null): what crosses into processing. */
export function modelRecord(task: TaskDefinition, input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(task.modelFields.map((f) => [f, input[f] ?? null]));
}
