import path from "node:path";
import { fileURLToPath } from "node:url";
import { RegistryError } from "../../kit/registry/index.ts";
import {
  BASELINE,
  type Components,
  componentLineage,
  componentsDigest,
  componentsOf,
} from "../../kit/release/components.ts";
import type { TrainVariant } from "../../kit/release/train.ts";
import { initialSplit } from "../../kit/split.ts";
import { openStore } from "../../kit/store/index.ts";
import { appendTrainingData, loadTrainingData, migrateCollected } from "../../kit/store/training-data.ts";
import { initialAliases } from "../initial.ts";
import { buildFromStore } from "../releases.ts";
import { type PatternDefinition, type PrepareContext, storeUrl } from "../types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/** One `app` release holds code, pipeline and model together: any change is a new app release. */
function registerApp(
  ctx: PrepareContext,
  c: Components,
  modelDir: string,
  base: Parameters<typeof componentLineage>[1],
  note?: string,
) {
  return ctx.registry.register("app", {
    digest: componentsDigest(c),
    path: modelDir,
    lineage: componentLineage(c, base),
    note,
  }).number;
}

/** Trains from the app's own database, as a three-layer team would; the new app keeps its logic. */
async function train(
  ctx: PrepareContext,
  variant: TrainVariant = {},
  logicOverride?: string,
): Promise<number> {
  const built = await buildFromStore(ctx, variant);
  const logic = logicOverride ?? componentsOf(ctx.registry.alias("app", "production")).logic ?? BASELINE;
  return registerApp(ctx, { model: built.digest, logic }, built.dir, built.manifest.lineage, variant.note);
}

export const threeLayer: PatternDefinition = {
  name: "three-layer",
  units: [{ name: "app", entry: path.join(here, "main.ts"), needs: [], swap: "restart" }],
  publicUnit: "app",
  modelUnit: "app",
  modelRelease: "deploy",
  logicUnit: "app",
  pipelineUnit: "app",
  async prepare(ctx, variant = {}) {
    const store = openStore(storeUrl(ctx));
    try {
      await migrateCollected(store);
      await loadTrainingData(store, initialSplit(ctx.task).train);
    } finally {
      await store.close();
    }
    const number = await train(ctx, variant);
    initialAliases(ctx, "app", number);
  },
  train: (ctx, variant) => train(ctx, variant),
  async ingest(ctx, rows) {
    const store = openStore(storeUrl(ctx));
    try {
      await appendTrainingData(store, rows);
    } finally {
      await store.close();
    }
  },
  // Code, pipeline and model ship together: new logic and a new model are one app release.
  async releaseChangeSet(ctx, change) {
    return [{ unit: "app", release: await train(ctx, change.variant, change.logic ?? undefined) }];
  },
  async releaseLogic(ctx, logic, note) {
    // The model cannot be left behind: the new app release carries the production model along.
    const current = ctx.registry.alias("app", "production");
    if (!current) throw new RegistryError("unit 'app' has no production release");
    return registerApp(ctx, { ...componentsOf(current), logic }, current.path, current.lineage, note);
  },
};
