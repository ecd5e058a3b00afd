/**
 * An engine's output head: how a task's target becomes training targets, how the engine's raw
 * output rows become predictions, what the output monitor watches, what the guard refuses and
 * how a user's reported outcome judges an answer. One plugin per HeadSpec kind; the kit and the
 * patterns call only this interface, so a task chooses its head and nothing else changes.
 */
import type { FieldSpec } from "../features/types.ts";
import type { HeadFit } from "../protocol/index.ts";
import type { Rng } from "../random.ts";
import type { GuardReason, HeadSpec, Prediction, Row, TaskDefinition } from "../task.ts";

export type { HeadFit } from "../protocol/index.ts";

export interface Prepared<F extends HeadFit> {
  x: number[][];
  /** null: the engine learns without targets. */
  y: number[][] | null;
  fit: F;
}

export interface Head<F extends HeadFit = HeadFit> {
  kind: HeadSpec["kind"];
  /**
   * Training data from vectors and rows. `noise` (0..1) is the release.model fault's corrupted
   * pipeline: each head corrupts what it learns from (labels, targets, or the rows themselves).
   */
  prepare(task: TaskDefinition, rows: Row[], x: number[][], noise: number, random: Rng): Prepared<F>;
  /** Raw engine rows (with the vectors they came from) as predictions. */
  decode(task: TaskDefinition, raw: number[][], x: number[][], fit: F): Prediction[];
  /** What serving needs from the training predictions (e.g. the cluster limit and groups). */
  settle(task: TaskDefinition, fit: F, predictions: Prediction[], truths: string[]): F;
  /** The output fields the output monitor compares with training (as a contract's fields). */
  outputFields(task: TaskDefinition): Record<string, FieldSpec>;
  outputRecord(p: Prediction): Record<string, unknown>;
  /** The guard the paper's failure story asks for: a NaN or unknown output never reaches the logic. */
  guard(task: TaskDefinition, p: Prediction): GuardReason | null;
  /** A reported true outcome, checked: null when fine, else the rule it breaks (a sentence). */
  checkTruth(task: TaskDefinition, truth: string): string | null;
  /** Whether an answer (its `answer.label` field) was right given the true outcome. */
  correct(task: TaskDefinition, fit: F, answered: unknown, truth: string): boolean;
}

export const finite = (v: number | null): v is number => typeof v === "number" && Number.isFinite(v);
export const share = (v: number | null) => finite(v) && v >= 0 && v <= 1;
