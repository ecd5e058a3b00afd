import { startLogic } from "../../unit-main.ts";

await startLogic("bundle", (config) => ({ collectorUrl: config.peers.collector }));
