import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildModelRelease } from "../../kit/release/train.ts";
import { initialSplit, trainingOrder } from "../../kit/split.ts";
import { openStore } from "../../kit/store/index.ts";
import { type PatternDefinition, type PrepareContext, runFiles } from "../types.ts";
import { loadTrainingData, migrateCollected, readTrainingData } from "./data.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Trains from the app's own database, as a three-layer team would, and registers an `app` release. */
async function train(ctx: PrepareContext, variant = {}): Promise<number> {
  const store = openStore(path.join(ctx.runDir, runFiles.db));
  try {
    const rows = trainingOrder(await readTrainingData(store), ctx.task);
    const built = await buildModelRelease(ctx.task, rows, {
      cacheDir: ctx.cacheDir,
      codeVersion: ctx.codeVersion,
      variant,
    });
    return ctx.registry.register("app", {
      digest: built.digest,
      path: built.dir,
      lineage: built.manifest.lineage,
    }).number;
  } finally {
    await store.close();
  }
}

export const threeLayer: PatternDefinition = {
  name: "three-layer",
  units: [{ name: "app", entry: path.join(here, "main.ts"), needs: [], swap: "restart" }],
  publicUnit: "app",
  modelUnit: "app",
  async prepare(ctx) {
    const store = openStore(path.join(ctx.runDir, runFiles.db));
    try {
      await migrateCollected(store);
      await loadTrainingData(store, initialSplit(ctx.task).train);
    } finally {
      await store.close();
    }
    const number = await train(ctx);
    if (!ctx.registry.alias("app", "production")) {
      ctx.registry.moveAlias("app", "production", number, { who: ctx.who, reason: "initial release" });
    }
  },
  train,
};
