import path from "node:path";
import { startUnit } from "../../../kit/http/main.ts";
import { Registry } from "../../../kit/registry/index.ts";
import { createUiUnit } from "../../../kit/units/ui.ts";
import { getTask } from "../../../tasks/index.ts";
import { runFiles, unitConfigFromEnv } from "../../types.ts";

const config = unitConfigFromEnv();
await startUnit(config, (ctx) =>
  createUiUnit({
    ctx,
    task: getTask(config.task),
    adminToken: config.adminToken,
    logicUrl: config.peers.logic,
    registry: Registry.open(path.join(config.runDir, runFiles.registry)),
  }),
);
