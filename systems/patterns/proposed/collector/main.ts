import path from "node:path";
import { startUnit } from "../../../kit/http/main.ts";
import { Registry } from "../../../kit/registry/index.ts";
import { mountPipeline } from "../../pipeline.ts";
import { runFiles, unitConfigFromEnv } from "../../types.ts";
import { proposed } from "../index.ts";
import { createApp } from "./app.ts";

const config = unitConfigFromEnv();
await startUnit(config, (ctx) =>
  createApp({
    ctx,
    lakeRoot: path.join(config.runDir, runFiles.lake),
    adminToken: config.adminToken,
    registry: Registry.open(path.join(config.runDir, runFiles.registry)),
    // The release pipeline trains from the lake this unit writes.
    extend: (admin) => mountPipeline(admin, proposed, config),
  }),
);
