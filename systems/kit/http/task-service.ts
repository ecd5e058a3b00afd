import type { RequestHandler } from "express";
import { callMonitor, invariantMonitor, serviceMonitor, validityMonitor } from "../release/monitors.ts";
import { synthetic } from "../request-context.ts";
import { type FaultyStore, faultyStore, openStore } from "../store/index.ts";
import { observedStore } from "../store/observed.ts";
import type { Store } from "../store/store.ts";
import type { TaskLogic } from "../task.ts";
import type { UnitContext } from "./context.ts";
import { createService } from "./service.ts";
import { mountStoreFault } from "./store-fault.ts";
import { migrateServing, mountTaskApi, type TaskApiDeps } from "./task-api.ts";

/**
 * The serving database of the unit that runs the business logic, the same in every pattern:
 * every call watched on the "db" boundary, a fault hook for infra.db, the serving and task tables.
 */
export async function servingStore(
  ctx: UnitContext,
  dbFile: string,
  seed: number,
  logic: TaskLogic<Record<string, unknown>, Record<string, unknown>>,
): Promise<{ store: Store; hook: FaultyStore }> {
  const opened = openStore(dbFile);
  // The dependency's name is the database it is: sqlite, or mysql in services mode.
  const db = callMonitor(ctx, "db", opened.kind, "store");
  const hook = faultyStore(opened, seed);
  // Database calls made for synthetic requests are left out, like the rest of their traffic.
  const store = observedStore(hook, (ms, ok) => {
    if (!synthetic()) db.observe(ms, ok);
  });
  await migrateServing(store);
  await logic.migrate(store);
  return { store, hook };
}

/**
 * The unit that serves a task's public API, built the same way in every pattern: the service,
 * the task's routes and UI, the business-rule audit of every answer, and the validity of the
 * engine's outputs the logic receives. A pattern supplies only how predictions are made, where
 * collected data goes, and which boundary hooks it watches.
 */
export function createTaskService(
  ctx: UnitContext,
  d: Omit<TaskApiDeps, "clock" | "metrics" | "logger" | "onAudit" | "onGuard"> & {
    adminToken: string;
    hook: FaultyStore;
    /** Runs before the task's route on every request to it (e.g. a canary split); calls next() to go on. */
    before?: RequestHandler;
  },
) {
  const answers = invariantMonitor(ctx, "answer", d.task.answer.decision);
  // Where the logic gets the engine's outputs, whether in-process (three-layer) or over HTTP: one
  // boundary name in every pattern, the one the logic unit's output drift monitor uses.
  const outputs = validityMonitor(ctx, "engine->logic");
  const served = serviceMonitor(ctx, "request");
  const service = createService({
    metrics: ctx.metrics,
    logger: ctx.logger,
    adminToken: d.adminToken,
    alerts: ctx.alerts,
  });
  // Every answer the public route gives, as its clients see it (synthetic checks left out).
  service.app.post(d.task.route, (_req, res, next) => {
    if (!synthetic()) {
      const started = performance.now();
      res.on("finish", () => served.observe(performance.now() - started, res.statusCode));
    }
    next();
  });
  if (d.before) service.app.post(d.task.route, d.before);
  mountTaskApi(service.app, {
    ...d,
    clock: ctx.clock,
    metrics: ctx.metrics,
    logger: ctx.logger,
    onAudit: (v) => answers.observe(v),
    onGuard: (g) => outputs.observe(g),
  });
  mountStoreFault(service.admin, d.hook);
  return service;
}
