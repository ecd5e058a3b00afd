import type { Router } from "express";
import { bodyOf } from "../../../kit/http/body.ts";
import type { UnitContext } from "../../../kit/http/context.ts";
import { mountReleaseAdmin } from "../../../kit/http/release-admin.ts";
import { createService } from "../../../kit/http/service.ts";
import { Lake, type LakeRecord } from "../../../kit/lake/index.ts";
import { type CollectReply, collectRequestSchema } from "../../../kit/protocol/index.ts";
import type { Registry } from "../../../kit/registry/index.ts";
import { callMonitor } from "../../../kit/release/monitors.ts";

export interface CollectorDeps {
  ctx: UnitContext;
  lakeRoot: string;
  adminToken: string;
  /** Flush when a kind's buffer reaches this many records, or after flushMs. */
  batch?: number;
  flushMs?: number;
  /** The system's registry: the collector has no releases of its own, but answers for them like every unit. */
  registry: Registry;
  /** Mounts more admin routes (the release pipeline, which trains from this unit's lake). */
  extend?(admin: Router): void;
}

/** Lake source per collected kind. */
export const sources = { request: "requests", feedback: "feedback", quarantine: "quarantine" } as const;
type Kind = keyof typeof sources;

/**
 * The `collector`: data collection -> processing -> lake. Records arrive from the logic, are
 * buffered per kind and written to Parquet partitions in batches; the lake is never read at
 * serving time. Writes are watched on the collector->lake boundary.
 */
export async function createApp(deps: CollectorDeps) {
  const { ctx } = deps;
  const lake = await Lake.open(deps.lakeRoot, { clock: ctx.clock });
  const lakeCalls = callMonitor(ctx, "collector->lake", "lake", "store");
  const buffers: Record<Kind, LakeRecord[]> = { request: [], feedback: [], quarantine: [] };
  const batch = deps.batch ?? 200;
  let pending: Promise<void> = Promise.resolve();

  // One flush at a time, so records reach the lake in arrival order; a failed write keeps its records.
  const flush = (): Promise<void> => {
    pending = pending.then(async () => {
      for (const kind of Object.keys(buffers) as Kind[]) {
        const records = buffers[kind];
        if (records.length === 0) continue;
        buffers[kind] = [];
        const started = performance.now();
        try {
          await lake.append(sources[kind], records);
          lakeCalls.observe(performance.now() - started, true);
          ctx.metrics.boundaryRecords.inc({ boundary: "collector->lake" }, records.length);
        } catch (err) {
          lakeCalls.observe(performance.now() - started, false);
          buffers[kind] = records.concat(buffers[kind]);
          ctx.logger.error("lake write failed; records kept for the next flush", {
            kind,
            count: records.length,
            error: String(err),
          });
        }
      }
    });
    return pending;
  };
  const timer = setInterval(() => void flush(), deps.flushMs ?? 500);
  timer.unref();

  const service = createService({
    metrics: ctx.metrics,
    logger: ctx.logger,
    adminToken: deps.adminToken,
    alerts: ctx.alerts,
  });
  service.app.post("/collect", (req, res) => {
    const { kind, records } = bodyOf(collectRequestSchema, req.body);
    buffers[kind].push(...records);
    if (buffers[kind].length >= batch) void flush();
    const reply: CollectReply = { accepted: records.length };
    res.status(202).json(reply);
  });

  mountReleaseAdmin(service.admin, { unit: ctx.unit, registry: deps.registry });
  deps.extend?.(service.admin);
  service.admin.post("/flush", async (_req, res) => {
    await flush();
    res.json({ flushed: true });
  });
  service.admin.get("/rejected", async (req, res) => {
    await flush();
    const limit = Math.min(Number(req.query.limit ?? 100) || 100, 1000);
    const count = await lake.count(sources.quarantine);
    const records = count
      ? await lake.query(`select * from ${lake.table(sources.quarantine)} order by ts desc limit ${limit}`)
      : [];
    res.json({ count, records });
  });
  service.admin.get("/counts", async (_req, res) => {
    await flush();
    const entries = await Promise.all(
      Object.values(sources).map(async (s) => [s, await lake.count(s)] as const),
    );
    res.json(Object.fromEntries(entries));
  });

  return {
    app: service.finish(),
    lake,
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
      await ctx.alerts.close();
      await lake.close();
      deps.registry.close();
    },
  };
}
