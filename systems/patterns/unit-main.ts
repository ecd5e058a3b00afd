/**
 * The bodies of the main.ts of units that more than one pattern runs (the kit's logic and inference
 * units): read the unit's config, open what it needs in the run directory, start it.
 */
import path from "node:path";
import { startUnit } from "../kit/http/main.ts";
import { Registry } from "../kit/registry/index.ts";
import { createInferenceUnit } from "../kit/units/inference.ts";
import { createLogicUnit, type LogicDeps } from "../kit/units/logic.ts";
import { getTask } from "../tasks/index.ts";
import { runFiles, storeUrl, type UnitConfig, unitConfigFromEnv } from "./types.ts";

const common = (config: UnitConfig) => ({
  task: getTask(config.task),
  registry: Registry.open(path.join(config.runDir, runFiles.registry)),
  adminToken: config.adminToken,
  seed: config.seed,
});

/** An inference unit named `unit` in its pattern. */
export function startInference(unit: string): Promise<void> {
  const config = unitConfigFromEnv();
  return startUnit(config, (ctx) => createInferenceUnit({ unit, ctx, ...common(config) }));
}

/** A logic unit calling the inference unit `modelUnit` (a peer); `more` adds what its pattern gives it. */
export function startLogic(
  modelUnit: string,
  more: (config: UnitConfig) => Pick<LogicDeps, "collectorUrl" | "extend">,
): Promise<void> {
  const config = unitConfigFromEnv();
  return startUnit(config, (ctx) =>
    createLogicUnit({
      ctx,
      ...common(config),
      dbFile: storeUrl(config),
      modelUnit,
      modelUrl: config.peers[modelUnit],
      ...more(config),
    }),
  );
}
