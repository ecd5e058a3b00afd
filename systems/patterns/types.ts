import path from "node:path";
/**
 * What a pattern tells the deploy module: its units, in start order, and how it prepares a
 * system's data and first releases. Shared by every pattern; none imports another.
 */

import { ProtocolError, parseJsonAs, type UnitConfig, unitConfigSchema } from "../kit/protocol/index.ts";
import type { Registry } from "../kit/registry/index.ts";
import type { TrainVariant } from "../kit/release/train.ts";
import type { Row, TaskDefinition } from "../kit/task.ts";

export type { UnitConfig } from "../kit/protocol/index.ts";

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

/** What the release pipeline's steps get: they run in a job process of their own, never in a serving one. */
export interface PrepareContext {
  task: TaskDefinition;
  runDir: string;
  cacheDir: string;
  codeVersion: string;
  /** The system's database when it is not the run's SQLite file (services mode): a URL. */
  database?: string | null;
  registry: Registry;
  who: string;
}

export interface PatternDefinition {
  name: string;
  units: UnitSpec[];
  /** The unit that serves the public API (and the UI page, unless `uiUnit` is set). */
  publicUnit: string;
  /** The unit that serves the UI page; absent: the public unit serves it. */
  uiUnit?: string;
  /** The unit whose releases carry the model. */
  modelUnit: string;
  /** The unit whose releases carry the business logic. */
  logicUnit: string;
  /** The unit that serves the release pipeline's admin routes (training data in, releases out). */
  pipelineUnit: string;
  /**
   * How a new model release goes out as this pattern's team releases it: `canary` through
   * comparative evaluation (a share of users first; its judge promotes or aborts it from their
   * feedback), `deploy` straight to production (a three-layer team releases the whole app).
   */
  modelRelease: "canary" | "deploy";
  /**
   * Loads the initial training data where this pattern keeps it and registers the first releases;
   * `variant` is how the initial model release is trained (its seed).
   */
  prepare(ctx: PrepareContext, variant?: TrainVariant): Promise<void>;
  /** Trains another model release from where this pattern keeps training data; returns its number. */
  train(ctx: PrepareContext, variant: TrainVariant): Promise<number>;
  /** Registers a release of the logic unit running the named logic ("baseline" or a task regression). */
  releaseLogic(ctx: PrepareContext, logic: string, note: string): Promise<number>;
  /** Adds delivered rows to where this pattern keeps training data (its database, or its lake). */
  ingest(ctx: Pick<PrepareContext, "task" | "runDir" | "database">, rows: Row[]): Promise<void>;
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

/** Where a system keeps its data: the database it was given (services mode), else the run's SQLite file. */
export function storeUrl(c: { runDir: string; database?: string | null }): string {
  return c.database ?? path.join(c.runDir, runFiles.db);
}

export function unitConfigFromEnv(): UnitConfig {
  const raw = process.env.ARCHDRILL_UNIT;
  if (!raw)
    throw new ProtocolError(
      "ARCHDRILL_UNIT",
      "(env)",
      "is not set: units are started by the deploy module (archdrill up)",
    );
  return parseJsonAs(unitConfigSchema, raw, "ARCHDRILL_UNIT");
}
