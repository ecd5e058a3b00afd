import path from "node:path";
import { startUnit } from "../../../kit/http/main.ts";
import { runFiles, unitConfigFromEnv } from "../../types.ts";
import { createApp } from "./app.ts";

const config = unitConfigFromEnv();
await startUnit(config, (ctx) =>
  createApp({
    ctx,
    lakeRoot: path.join(config.runDir, runFiles.lake),
    adminToken: config.adminToken,
  }),
);
