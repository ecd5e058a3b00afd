import path from "node:path";
import type { Express } from "express";
import { currentBackend } from "../engine/backend.ts";
import { type UnitContext, unitContext } from "./context.ts";
import { exitWith, listen } from "./unit.ts";

/** The fields of a unit's config that starting it needs (the patterns' UnitConfig has them). */
export interface StartConfig {
  system: string;
  unit: string;
  port: number;
  runDir: string;
  alertWebhook: string | null;
}

/**
 * The body of every unit's main.ts: build the context, create the app, listen on 127.0.0.1, and
 * stop cleanly with the parent. Only main.ts files call this; tests call createApp directly.
 */
export async function startUnit(
  config: StartConfig,
  create: (ctx: UnitContext) => Promise<{ app: Express; close(): Promise<void> }>,
): Promise<void> {
  const ctx = unitContext({
    system: config.system,
    unit: config.unit,
    alertDir: path.join(config.runDir, "alerts"),
    alertWebhook: config.alertWebhook,
  });
  try {
    const built = await create(ctx);
    const handle = await listen(built.app, { port: config.port, onClose: built.close });
    // The engine backend is picked once per process; say which, so a run's numbers can be traced to it.
    ctx.logger.info("listening", { port: handle.port, backend: currentBackend() });
    exitWith(handle);
  } catch (err) {
    ctx.logger.error("failed to start", { error: String((err as Error)?.stack ?? err) });
    process.exit(1);
  }
}
