/**
 * What a pattern tells the deploy module: its units, in start order, and how it prepares a
 * system's data and first releases. Shared by both patterns; neither imports the other.
 */
import type { Registry } from "../kit/registry/index.ts";
import type { TrainVariant } from "../kit/release/train.ts";
import type { Row, TaskDefinition } from "../kit/task.ts";

/** How a new release of a unit goes live: restart the process on it, or move an alias it serves. */
export type Swap = "restart" | "alias";

export interface UnitSpec {
  name: string;
  /** Absolute path of the unit's main.ts. */
  entry: string;
  /** Units whose URLs this one needs (started first). */
  needs: string[];
  swap: Swap;
}

/** What a unit process receives, as JSON in ARCHDRILL_UNIT. */
export interface UnitConfig {
  system: string;
  task: string;
  pattern: string;
  unit: string;
  port: number;
  runDir: string;
  adminToken: string;
  alertWebhook: string | null;
  /** Base URLs of the units this one needs. */
  peers: Record<string, string>;
  seed: number;
  /**
   * A side instance for the operator's replay tool: serve this release instead of production,
   * with a scratch database, and take no part in the system's data flows.
   */
  replay?: { release: number; dbFile: string };
}

export interface PrepareContext {
  task: TaskDefinition;
  runDir: string;
  cacheDir: string;
  codeVersion: string;
  registry: Registry;
  who: string;
}

export interface PatternDefinition {
  name: string;
  units: UnitSpec[];
  /** The unit that serves the public API and UI. */
  publicUnit: string;
  /** The unit whose releases carry the model. */
  modelUnit: string;
  /** The unit whose releases carry the business logic. */
  logicUnit: string;
  /** Loads the initial training data where this pattern keeps it and registers the first releases. */
  prepare(ctx: PrepareContext): Promise<void>;
  /** Trains another model release from where this pattern keeps training data; returns its number. */
  train(ctx: PrepareContext, variant: TrainVariant): Promise<number>;
  /** Registers a release of the logic unit running the named logic ("baseline" or a task regression). */
  releaseLogic(ctx: PrepareContext, logic: string, note: string): Promise<number>;
  /** Adds delivered rows to where this pattern keeps training data (its database, or its lake). */
  ingest(ctx: PrepareContext, rows: Row[]): Promise<void>;
  /**
   * A change set as this pattern releases it: a new model trained on the training data as it now
   * is, and optionally new logic. Returns the releases to deploy, in order: one release per unit
   * whose content changes (a monolith bundles both into one).
   */
  releaseChangeSet(
    ctx: PrepareContext,
    change: { variant: TrainVariant; logic: string | null },
  ): Promise<{ unit: string; release: number }[]>;
}

export const runFiles = {
  db: "db.sqlite",
  lake: "lake",
  registry: "registry.sqlite",
  logs: "logs",
  alerts: "alerts",
} as const;

export function unitConfigFromEnv(): UnitConfig {
  const raw = process.env.ARCHDRILL_UNIT;
  if (!raw)
    throw new Error("ARCHDRILL_UNIT is not set: units are started by the deploy module (archdrill up)");
  return JSON.parse(raw) as UnitConfig;
}
