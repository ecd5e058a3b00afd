import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { HeadFit } from "../../kit/heads/index.ts";
import { requestJson } from "../../kit/http/client.ts";
import type { UnitContext } from "../../kit/http/context.ts";
import { HttpError, NotFound } from "../../kit/http/errors.ts";
import type { Collector } from "../../kit/http/task-api.ts";
import { createTaskService, servingStore } from "../../kit/http/task-service.ts";
import { canaryRoute, type Registry } from "../../kit/registry/index.ts";
import { files, type ReleaseReferences, readJson } from "../../kit/release/artifact.ts";
import { componentsOf, logicFor } from "../../kit/release/components.ts";
import { inputMonitor, outputMonitor, releaseFeedback } from "../../kit/release/monitors.ts";
import { infer, type LoadedRelease, loadRelease, vectorize } from "../../kit/release/predictor.ts";
import type { TaskDefinition } from "../../kit/task.ts";
import { migrateCollected } from "./data.ts";

const canaryBody = z.object({ url: z.string().url(), fraction: z.number().gt(0).lt(1) });

export interface AppDeps {
  ctx: UnitContext;
  task: TaskDefinition;
  registry: Registry;
  dbFile: string;
  adminToken: string;
  seed: number;
  /** Serve this release instead of production (a side instance for the operator's replay tool). */
  release?: number;
}

/**
 * The three-layer `app`: presentation, logic with processing and engine inline, and one database
 * that also keeps the collected data. Its monitors sit on the only boundaries it has: request in,
 * response out, database calls. A release is the whole app; a rollback restarts it on another one.
 */
export async function createApp(deps: AppDeps) {
  const { ctx, task, registry } = deps;
  const current = deps.release ? registry.get("app", deps.release) : registry.alias("app", "production");
  if (!current) throw new NotFound("a production release of unit 'app'");
  const logic = logicFor(task, componentsOf(current).logic);
  const release: LoadedRelease = await loadRelease(current.path);
  const releaseName = `app#${current.number}`;

  const { store, hook } = await servingStore(ctx, deps.dbFile, deps.seed, logic);
  await migrateCollected(store);

  const request = inputMonitor(ctx, "request", release.references, task.contract, deps.seed);
  const response = outputMonitor(ctx, "response", task, release.references, deps.seed);
  const baseline = readJson<ReleaseReferences>(registry.get("app", 1).path, files.reference);
  const feedback = releaseFeedback(ctx, task, releaseName, baseline, release.head);
  // Feedback on answers another instance gave (a canary of another app release, sharing this
  // database): judged with that release's own head and counted per release, as comparative evaluation needs.
  const others = new Map<string, typeof feedback>();
  const otherRelease = (name: string) => {
    const n = /^app#(\d+)$/.exec(name)?.[1];
    if (!n) return null;
    if (!others.has(name)) {
      const dir = registry.get("app", Number(n)).path;
      others.set(name, releaseFeedback(ctx, task, name, baseline, readJson<HeadFit>(dir, files.head)));
    }
    return others.get(name) ?? null;
  };
  // The three-layer way to a canary: this app forwards a share of callers to a second app
  // instance on the canary release (split by session), as a load balancer in front would.
  let canary: { url: string; fraction: number } | null = null;
  const collector: Collector = {
    collect(kind, record) {
      const table = kind === "quarantine" ? "rejected" : "collected";
      store
        .run(`insert into ${table} (kind, ts, record) values (?, ?, ?)`, [
          kind,
          String(record.ts ?? ""),
          JSON.stringify(record),
        ])
        .catch((err) => ctx.logger.error("collecting failed", { kind, error: String(err) }));
    },
  };

  const service = createTaskService(ctx, {
    adminToken: deps.adminToken,
    hook,
    task,
    store,
    collector,
    logic,
    async predict(input) {
      const [prediction] = infer(task, release, vectorize(release, [input]));
      return { prediction, release: releaseName };
    },
    onRejected: (v) => request.observeViolations(v),
    onAccepted: (input) => {
      request.observeValid();
      request.observe(input);
    },
    onPrediction: (p) => response.observe(p),
    onFeedback: (answeredBy, answered, label) => {
      (answeredBy === releaseName ? feedback : otherRelease(answeredBy))?.observe(answered, label);
    },
    async before(req, res, next) {
      const key = typeof req.body?.session === "string" ? req.body.session : randomUUID();
      if (!canary || !canaryRoute(key, canary.fraction, deps.seed)) return next();
      const forwarded = await requestJson(`${canary.url}${task.route}`, { body: req.body, timeoutMs: 5000 });
      res.status(forwarded.status).json(forwarded.body);
    },
  });

  service.admin.get("/release", (_req, res) =>
    res.json({ unit: "app", release: current, backend: release.manifest.createdWith }),
  );
  service.admin.get("/rejected", async (req, res) => {
    const limit = Math.min(Number(req.query.limit ?? 100) || 100, 1000);
    const rows = await store.all<{ id: number; ts: string; record: string }>(
      "select id, ts, record from rejected order by id desc limit ?",
      [limit],
    );
    const count = await store.get<{ n: number }>("select count(*) as n from rejected");
    res.json({
      count: count?.n ?? 0,
      records: rows.map((r) => ({ id: r.id, ts: r.ts, ...JSON.parse(r.record) })),
    });
  });
  service.admin.get("/monitors", (_req, res) =>
    res.json({
      request: request.status(),
      response: response.status(),
      accuracy: feedback.status(),
      others: Object.fromEntries([...others].map(([k, m]) => [k, m.status()])),
    }),
  );
  service.admin.post("/canary", (req, res) => {
    const body = canaryBody.safeParse(req.body);
    if (!body.success) throw new HttpError(422, "validation", "body must be {url, fraction: (0, 1)}");
    canary = body.data;
    res.json({ canary });
  });
  service.admin.post("/canary/end", (_req, res) => {
    canary = null;
    res.json({ canary });
  });
  return {
    app: service.finish(),
    release: current,
    close: async () => {
      await ctx.alerts.flush();
      await store.close();
      registry.close();
    },
  };
}
