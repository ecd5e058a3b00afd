import { invariantMonitor } from "../release/monitors.ts";
import type { UnitContext } from "./context.ts";
import { createService } from "./service.ts";
import { mountTaskApi, type TaskApiDeps } from "./task-api.ts";

/**
 * The unit that serves a task's public API, built the same way in every pattern: the service,
 * the task's routes and UI, and the business-rule audit of every answer. A pattern supplies only
 * how predictions are made, where collected data goes, and which boundary hooks it watches.
 */
export function createTaskService(
  ctx: UnitContext,
  d: Omit<TaskApiDeps, "clock" | "metrics" | "logger" | "onAudit"> & { adminToken: string },
) {
  const answers = invariantMonitor(ctx, "answer", d.task.answer.decision);
  const service = createService({
    metrics: ctx.metrics,
    logger: ctx.logger,
    adminToken: d.adminToken,
    alerts: ctx.alerts,
  });
  mountTaskApi(service.app, {
    ...d,
    clock: ctx.clock,
    metrics: ctx.metrics,
    logger: ctx.logger,
    onAudit: (v) => answers.observe(v),
  });
  return service;
}
