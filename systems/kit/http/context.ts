import path from "node:path";
import { type Clock, systemClock } from "../clock.ts";
import { AlertSink } from "../monitor/alerts.ts";
import { createMetrics, type UnitMetrics } from "../monitor/metrics.ts";
import type { Observability } from "../protocol/index.ts";
import { createLogger, type Logger } from "./log.ts";

/**
 * What every unit process has: its names, what its operators watch (which monitors it runs), a
 * clock, metrics, a logger and an alert sink.
 */
export interface UnitContext {
  system: string;
  unit: string;
  observability: Observability;
  clock: Clock;
  metrics: UnitMetrics;
  logger: Logger;
  alerts: AlertSink;
}

export function unitContext(opts: {
  system: string;
  unit: string;
  alertDir: string;
  alertWebhook: string | null;
  observability: Observability;
  clock?: Clock;
}): UnitContext {
  const clock = opts.clock ?? systemClock;
  const labels = { system: opts.system, unit: opts.unit };
  return {
    ...labels,
    observability: opts.observability,
    clock,
    metrics: createMetrics(labels),
    logger: createLogger(labels, clock),
    alerts: new AlertSink({
      receiver: "archdrill",
      clock,
      webhookUrl: opts.alertWebhook ?? undefined,
      logFile: path.join(opts.alertDir, `${opts.unit}.jsonl`),
    }),
  };
}
