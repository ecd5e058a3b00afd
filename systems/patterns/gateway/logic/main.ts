import { mountPipeline } from "../../pipeline.ts";
import { startLogic } from "../../unit-main.ts";
import { gateway } from "../index.ts";

// No collector and no lake: the release pipeline trains from the logic's database.
await startLogic("inference", (config) => ({ extend: (admin) => mountPipeline(admin, gateway, config) }));
