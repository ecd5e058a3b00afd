import { startUnit } from "../../../kit/http/main.ts";
import { unitConfigFromEnv } from "../../types.ts";
import { createGateway } from "./app.ts";

const config = unitConfigFromEnv();
await startUnit(config, (ctx) =>
  createGateway({
    ctx,
    adminToken: config.adminToken,
    logicUrl: config.peers.logic,
    inferenceUrl: config.peers.inference,
  }),
);
