import { columnNames, manifest } from "../../datasets/manifest.ts";
import { atVersion, DEFAULT_CONTRACT, rowsAt } from "../kit/contract-versions.ts";
import { type CollectedRows, noCollectedRows } from "../kit/release/collected.ts";
import { componentLineage, componentsDigest } from "../kit/release/components.ts";
import { buildModelRelease, type TrainVariant } from "../kit/release/train.ts";
import { trainingOrder } from "../kit/split.ts";
import { openStore } from "../kit/store/index.ts";
import { readCollectedTraining, readTrainingData } from "../kit/store/training-data.ts";
import type { Row } from "../kit/task.ts";
import { type PrepareContext, storeUrl } from "./types.ts";

/**
 * Builds a model release from the seeded training rows and the rows users' feedback labeled
 * (cached by content digest), without registering it; the release records which decisions it
 * learned from.
 */
export const buildFrom = (
  ctx: PrepareContext,
  rows: Row[],
  variant: TrainVariant = {},
  collected: CollectedRows = noCollectedRows,
) => {
  // A release trains on the rows of its contract version only (the store may hold several).
  const version = variant.contract ?? DEFAULT_CONTRACT;
  const task = trainingTask(ctx, variant);
  const own = rowsAt(ctx.task, version, rows, columnNames(manifest[ctx.task.dataset]));
  return buildModelRelease(task, trainingOrder([...own, ...collected.rows], task), {
    cacheDir: ctx.cacheDir,
    codeVersion: ctx.codeVersion,
    variant,
    collected: collected.decisions,
  });
};

/** The task at the contract version a variant trains (v1 unless it names another). */
export const trainingTask = (ctx: Pick<PrepareContext, "task">, variant: TrainVariant = {}) =>
  atVersion(ctx.task, variant.contract ?? DEFAULT_CONTRACT);

/**
 * Builds a model release from the system's database, as an app team would: its training table
 * and what its users sent and reported (the collected table).
 */
export async function buildFromStore(ctx: PrepareContext, variant: TrainVariant = {}) {
  const store = openStore(storeUrl(ctx));
  try {
    const seeded = await readTrainingData(store);
    const collected = await readCollectedTraining(store, trainingTask(ctx, variant));
    return await buildFrom(ctx, seeded, variant, collected);
  } finally {
    await store.close();
  }
}

/** Registers a unit's release that is its model alone (engine + processing), recorded as its components. */
export function registerModel(
  ctx: PrepareContext,
  unit: string,
  built: Awaited<ReturnType<typeof buildModelRelease>>,
  note?: string,
): number {
  const c = { model: built.digest };
  return ctx.registry.register(unit, {
    digest: componentsDigest(c),
    path: built.dir,
    lineage: componentLineage(c, built.manifest.lineage),
    note,
  }).number;
}

/** Registers a `logic` release: the logic is versioned on its own, a logic release changes no model. */
export function registerLogic(ctx: PrepareContext, logic: string, note: string, entry: string): number {
  const c = { logic };
  return ctx.registry.register("logic", {
    digest: componentsDigest(c),
    path: entry,
    lineage: componentLineage(c, { codeVersion: ctx.codeVersion }),
    note,
  }).number;
}

/**
 * A change set where model and logic are versioned apart: a release of the model unit, and one of
 * the logic when the change has new logic, in that order.
 */
export async function splitChangeSet(
  ctx: PrepareContext,
  change: { variant: TrainVariant; logic: string | null },
  model: { unit: string; train(ctx: PrepareContext, variant: TrainVariant): Promise<number> },
  releaseLogic: (ctx: PrepareContext, logic: string, note: string) => Promise<number>,
): Promise<{ unit: string; release: number }[]> {
  const out = [{ unit: model.unit, release: await model.train(ctx, change.variant) }];
  if (change.logic)
    out.push({
      unit: "logic",
      release: await releaseLogic(ctx, change.logic, change.variant.note ?? "change set"),
    });
  return out;
}
