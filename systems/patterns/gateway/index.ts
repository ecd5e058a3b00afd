/**
 * The gateway-routing pattern (the paper's Figure 3): a `gateway` gives the UI and clients one
 * address and routes their calls to a business-logic service (`logic`, with its database, the UI
 * and the release pipeline) or to an inference service (`inference`: processing and engine
 * bundled). Each service has its own releases; the inference service swaps by alias in place, the
 * logic restarts. No collector and no lake: collected data and training data stay in the logic's
 * database, as a team with a gateway in front of two services keeps them.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BASELINE } from "../../kit/release/components.ts";
import type { TrainVariant } from "../../kit/release/train.ts";
import { initialSplit } from "../../kit/split.ts";
import { openStore } from "../../kit/store/index.ts";
import { appendTrainingData, loadTrainingData, migrateCollected } from "../../kit/store/training-data.ts";
import { initialAliases } from "../initial.ts";
import { buildFromStore, registerLogic, registerModel, splitChangeSet } from "../releases.ts";
import { type PatternDefinition, type PrepareContext, storeUrl } from "../types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const unit = (name: string, needs: string[], swap: "restart" | "alias") => ({
  name,
  entry: path.join(here, name, "main.ts"),
  needs,
  swap,
});

const train = async (ctx: PrepareContext, variant: TrainVariant = {}) =>
  registerModel(ctx, "inference", await buildFromStore(ctx, variant), variant.note);

const releaseLogic = async (ctx: PrepareContext, logic: string, note: string) =>
  registerLogic(ctx, logic, note, path.join(here, "logic", "main.ts"));

async function withStore(
  ctx: Pick<PrepareContext, "runDir" | "database">,
  f: (s: ReturnType<typeof openStore>) => Promise<void>,
) {
  const store = openStore(storeUrl(ctx));
  try {
    await f(store);
  } finally {
    await store.close();
  }
}

export const gateway: PatternDefinition = {
  name: "gateway",
  units: [
    unit("inference", [], "alias"),
    unit("logic", ["inference"], "restart"),
    unit("gateway", ["logic", "inference"], "restart"),
  ],
  publicUnit: "gateway",
  modelUnit: "inference",
  modelRelease: "canary",
  logicUnit: "logic",
  pipelineUnit: "logic",
  async prepare(ctx, variant = {}) {
    await withStore(ctx, async (store) => {
      await migrateCollected(store);
      await loadTrainingData(store, initialSplit(ctx.task).train);
    });
    initialAliases(ctx, "inference", await train(ctx, variant));
    initialAliases(ctx, "logic", await releaseLogic(ctx, BASELINE, "initial release"));
  },
  train,
  releaseLogic,
  ingest: (ctx, rows) => withStore(ctx, (store) => appendTrainingData(store, rows)),
  // The services are versioned apart: a change set is a release of each one it touches.
  releaseChangeSet: (ctx, change) => splitChangeSet(ctx, change, { unit: "inference", train }, releaseLogic),
};
