import path from "node:path";
import { fileURLToPath } from "node:url";
import { Lake } from "../../kit/lake/index.ts";
import { readCollectedFromLake } from "../../kit/release/collected.ts";
import { BASELINE } from "../../kit/release/components.ts";
import type { TrainVariant } from "../../kit/release/train.ts";
import { initialSplit } from "../../kit/split.ts";
import type { Row } from "../../kit/task.ts";
import { initialAliases } from "../initial.ts";
import { buildFrom, registerLogic, registerModel, splitChangeSet, trainingTask } from "../releases.ts";
import { type PatternDefinition, type PrepareContext, runFiles } from "../types.ts";
import { sources } from "./collector/app.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const unit = (name: string, needs: string[] = [], swap: "restart" | "alias" = "restart") => ({
  name,
  entry: path.join(here, name, "main.ts"),
  needs,
  swap,
});

/** Comparative evaluation trains from the lake (seeded and collected data), never from the serving database. */
async function train(ctx: PrepareContext, variant: TrainVariant = {}): Promise<number> {
  const lake = await Lake.open(path.join(ctx.runDir, runFiles.lake));
  try {
    // Every column: rows of a later contract version carry renamed and added ones (buildFrom picks).
    const rows = await lake.query<Row>(`select * from ${lake.table("training")}`);
    const collected = await readCollectedFromLake(lake, trainingTask(ctx, variant), sources);
    // A bundle release is its model (engine + processing).
    return registerModel(ctx, "bundle", await buildFrom(ctx, rows, variant, collected), variant.note);
  } finally {
    await lake.close();
  }
}

/** The logic is versioned on its own: a logic release changes nothing in the bundle. */
const releaseLogic = async (ctx: PrepareContext, logic: string, note: string) =>
  registerLogic(ctx, logic, note, path.join(here, "logic", "main.ts"));

export const proposed: PatternDefinition = {
  name: "proposed",
  units: [
    unit("bundle", [], "alias"),
    unit("collector"),
    unit("logic", ["bundle", "collector"]),
    unit("ui", ["logic"]),
  ],
  // API clients call the logic directly; the page is served apart and forwards its calls there.
  publicUnit: "logic",
  uiUnit: "ui",
  modelUnit: "bundle",
  modelRelease: "canary",
  logicUnit: "logic",
  pipelineUnit: "collector",
  async prepare(ctx, variant = {}) {
    const lake = await Lake.open(path.join(ctx.runDir, runFiles.lake));
    try {
      if ((await lake.count("training")) === 0) {
        // Partitioned by the day it was ingested, like every collected record.
        await lake.append("training", initialSplit(ctx.task).train);
      }
    } finally {
      await lake.close();
    }
    initialAliases(ctx, "bundle", await train(ctx, variant));
    initialAliases(ctx, "logic", await releaseLogic(ctx, BASELINE, "initial release"));
  },
  train,
  releaseLogic,
  async ingest(ctx, rows) {
    const lake = await Lake.open(path.join(ctx.runDir, runFiles.lake));
    try {
      await lake.append("training", rows);
    } finally {
      await lake.close();
    }
  },
  // The bundle and the logic are versioned apart: a change set is a release of each unit it touches.
  releaseChangeSet: (ctx, change) => splitChangeSet(ctx, change, { unit: "bundle", train }, releaseLogic),
};
