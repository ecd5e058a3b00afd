import path from "node:path";
import { startUnit } from "../../kit/http/main.ts";
import { Registry } from "../../kit/registry/index.ts";
import { getTask } from "../../tasks/index.ts";
import { mountPipeline } from "../pipeline.ts";
import { runFiles, storeUrl, unitConfigFromEnv } from "../types.ts";
import { createApp } from "./app.ts";
import { threeLayer } from "./index.ts";

const config = unitConfigFromEnv();
await startUnit(config, (ctx) =>
  createApp({
    ctx,
    task: getTask(config.task),
    registry: Registry.open(path.join(config.runDir, runFiles.registry)),
    dbFile: config.replay?.dbFile ?? storeUrl(config),
    adminToken: config.adminToken,
    seed: config.seed,
    release: config.replay?.release,
    // The release pipeline trains from this app's own database; a side instance takes no part in it.
    extend: config.replay ? undefined : (admin) => mountPipeline(admin, threeLayer, config),
  }),
);
