import { callJson } from "../http/client.ts";
import type { UnitContext } from "../http/context.ts";
import type { CollectKind, Collector, FlatRecord } from "../http/task-api.ts";
import { collectReplySchema } from "../protocol/index.ts";

/** Records waiting for the collector beyond this are counted as lost rather than kept in memory forever. */
const MAX_PENDING = 50_000;

/**
 * Sends collected records to the collector in batches, off the request path. A failed send keeps
 * the batch for the next try: the logic's answers never wait on collection.
 */
export function collectorClient(
  ctx: UnitContext,
  url: string,
  opts: { flushMs?: number; batch?: number } = {},
) {
  const pending: Record<CollectKind, FlatRecord[]> = { request: [], feedback: [], quarantine: [] };
  let sending: Promise<void> = Promise.resolve();
  const send = (): Promise<void> => {
    sending = sending.then(async () => {
      for (const kind of Object.keys(pending) as CollectKind[]) {
        const records = pending[kind];
        if (records.length === 0) continue;
        pending[kind] = [];
        try {
          await callJson(collectReplySchema, `${url}/collect`, {
            body: { kind, records },
            timeoutMs: 5000,
            expect: 202,
          });
        } catch (err) {
          const kept = records.concat(pending[kind]);
          const lost = Math.max(0, kept.length - MAX_PENDING);
          pending[kind] = kept.slice(lost);
          if (lost) ctx.metrics.outputGuard.inc({ reason: "collector-backlog-dropped" }, lost);
          ctx.logger.warn("collector unreachable; records kept", {
            kind,
            count: pending[kind].length,
            error: String(err),
          });
        }
      }
    });
    return sending;
  };
  const timer = setInterval(() => void send(), opts.flushMs ?? 250);
  timer.unref();
  const collector: Collector & { flush(): Promise<void>; close(): Promise<void> } = {
    collect(kind, record) {
      pending[kind].push(record);
      if (pending[kind].length >= (opts.batch ?? 100)) void send();
    },
    flush: send,
    async close() {
      clearInterval(timer);
      await send();
    },
  };
  return collector;
}
