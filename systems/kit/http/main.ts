import path from "node:path";
import type { Express } from "express";
import { currentBackend } from "../engine/backend.ts";
import type { AlertSink } from "../monitor/alerts.ts";
import type { Observability } from "../protocol/index.ts";
import { requestJson } from "./client.ts";
import { type UnitContext, unitContext } from "./context.ts";
import { exitWith, listen } from "./unit.ts";

/** The fields of a unit's config that starting it needs (the patterns' UnitConfig has them). */
export interface StartConfig {
  system: string;
  unit: string;
  port: number;
  runDir: string;
  alertWebhook: string | null;
  observability: Observability;
  /** Base URLs of the units this one calls. */
  peers?: Record<string, string>;
}

/**
 * Takes every outbound path once before the unit says it is ready: an empty alert post over the
 * webhook's connection (a valid payload with no alert) and a health call to each peer, so the first
 * alert or call of a trial costs what the tenth does (no lazy module load, no new connection).
 */
async function warmUp(config: StartConfig, alerts: AlertSink): Promise<void> {
  const calls: Promise<unknown>[] = Object.values(config.peers ?? {})
    .filter(Boolean)
    .map((peer) => requestJson(`${peer}/health`));
  calls.push(alerts.warm());
  // A peer or webhook that is not up yet is not this unit's failure: it warms what it can.
  await Promise.allSettled(calls);
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
    observability: config.observability,
  });
  try {
    const built = await create(ctx);
    const handle = await listen(built.app, { port: config.port, onClose: built.close });
    await warmUp(config, ctx.alerts);
    // The engine backend is picked once per process; say which, so a run's numbers can be traced to it.
    ctx.logger.info("listening", { port: handle.port, backend: currentBackend() });
    exitWith(handle);
  } catch (err) {
    ctx.logger.error("failed to start", { error: String((err as Error)?.stack ?? err) });
    process.exit(1);
  }
}
