/**
 * A fault is what the harness injects into a trial. Three kinds, one interface each:
 * - data faults change which rows users send (trend.*): the world changes;
 * - payload faults change the shape of request bodies (schema.*): a client changes;
 * - system faults act on the running system through its own surfaces (release.*, processing.*,
 *   engine.*, infra.*).
 * Every fault validates its own params with a zod schema, so a scenario file fails with the key.
 */
import type { z } from "zod";
import type { Cause, Flow, InferenceFaultPatch, Part } from "../../systems/kit/protocol/index.ts";
import type { Rng } from "../../systems/kit/random.ts";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";

export type { Cause, Part };

/**
 * The unit to act on, by its role in the pattern (PatternDefinition): the model's (modelUnit), the
 * logic's (logicUnit: it owns the public API and its contract, so a changed payload is its concern),
 * or the one holding the database (the logic's in every pattern). A unit that only routes (a
 * gateway) is never where a fault is fixed.
 */
export type UnitRole = "model" | "logic" | "store";

/** What a data or payload fault may read about the trial's timeline. */
export interface TimelineContext {
  task: TaskDefinition;
  /** Steady-state rows: the initial period (rows the model did not train on first). */
  initial: Row[];
  /** The later period of the dataset's own timeline: the natural trend. */
  later: Row[];
  requests: number;
  seed: number;
}

/** What a fault's params may decide of the truth it makes (its cause is always its own). */
export interface FaultTruth {
  part: Part;
  flow: Flow;
  at: UnitRole;
}

interface FaultBase<P> {
  /** e.g. "trend.covariate" */
  type: string;
  /** Ground truth this fault creates, used by conformance tests and scenario checks. */
  part: Part;
  cause: Cause;
  /** The data flow where the fault first shows, in any pattern (the truth's flow). */
  flow: Flow;
  /** The unit an operator acts on, by its role (the truth's unit, resolved per pattern). */
  at: UnitRole;
  /**
   * Optional: the part, flow and role the fault makes with these params, for a fault whose params
   * decide which part breaks (release.joint); part, flow and at above are then its defaults.
   */
  truth?(params: P): FaultTruth;
  /** The features the fault changes, resolved for the task; absent or empty: no feature grain. */
  features?(ctx: TimelineContext, params: P): string[];
  params: z.ZodType<P>;
  /** One sentence for listings and reports. */
  describe(params: P): string;
}

export interface DataFault<P = Record<string, unknown>> extends FaultBase<P> {
  kind: "data";
  /**
   * Prepares once per trial and returns a draw: the row an affected request sends instead of
   * the steady-state one. Must use only `random` for randomness. The row carries its true label.
   */
  prepare(ctx: TimelineContext, params: P): (random: Rng, steady: Row) => Row;
}

export interface PayloadFault<P = Record<string, unknown>> extends FaultBase<P> {
  kind: "payload";
  /** Returns a new payload (never mutates the given one). */
  prepare(
    ctx: TimelineContext,
    params: P,
  ): (payload: Record<string, unknown>, random: Rng) => Record<string, unknown>;
}

/** What a system fault may do to a running system: only what the harness can do over its surfaces. */
export interface FaultTarget {
  task: TaskDefinition;
  /** Trains another release of the model unit, the pattern's way (from its DB or its lake). */
  trainModelRelease(variant: {
    seed?: number;
    epochs?: number;
    labelNoise?: number;
    note?: string;
  }): Promise<number>;
  /** Registers a business-logic release with a regression switched on (the same code in every pattern). */
  logicRelease(regression: string | null, note: string): Promise<{ unit: string; release: number }>;
  /** Puts a release into production through the pattern's normal deploy path. */
  deploy(unit: string, release: number, by: { who: string; reason?: string }): Promise<unknown>;
  /**
   * Puts a new model release out the pattern's normal way (PatternDefinition.modelRelease):
   * comparative evaluation's canary where the pattern has one, whose judge may promote or abort it
   * later on its own; else a deploy. Resolves once the release answers users (all, or the canary's share).
   */
  releaseModel(release: number, by: { who: string; reason?: string }): Promise<void>;
  /**
   * Releases one change set the pattern's way: one app release in three-layer, a release of each
   * unit it touches elsewhere (the model's first). Returns what to put out, in order.
   */
  changeSet(change: {
    variant: { seed?: number; epochs?: number; labelNoise?: number; note?: string };
    logic: string | null;
  }): Promise<{ unit: string; release: number }[]>;
  modelUnit: string;
  /** Slows down or breaks the runtime database of every unit that has one, via its fault hook. */
  storeFault(fault: { delayMs: number; failRate: number } | null): Promise<void>;
  /**
   * Sets (or, null, clears) a stage of the inference fault hook inside every unit's serving process,
   * via its admin route: processing.skew and engine.invalid. A stage left out keeps its fault.
   */
  inferenceFault(fault: InferenceFaultPatch): Promise<void>;
}

export interface SystemFault<P = Record<string, unknown>> extends FaultBase<P> {
  kind: "system";
  inject(target: FaultTarget, params: P, random: Rng): Promise<void>;
  /**
   * Optional: the slow part done before the traffic starts (e.g. training the bad release), so
   * the fault goes live at its position; the returned function injects it.
   */
  prepare?(target: FaultTarget, params: P, random: Rng): Promise<() => Promise<void>>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds faults whose params differ
export type AnyFault = DataFault<any> | PayloadFault<any> | SystemFault<any>;

/** What every schema fault shares: a client's payload changes, seen at the input, fixed by the logic that owns the API. */
export const SCHEMA_FAULT = {
  kind: "payload",
  part: "ml",
  cause: "schema",
  flow: "input",
  at: "logic",
} as const;

/** What a bad model release shows as: the model's output, acted on at the model's unit. */
export const MODEL_RELEASE_FAULT = {
  kind: "system",
  part: "ml",
  cause: "release",
  flow: "output",
  at: "model",
} as const;
