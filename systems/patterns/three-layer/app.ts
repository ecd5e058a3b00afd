import { randomUUID } from "node:crypto";
import { atVersion, versionOf } from "../../kit/contract-versions.ts";
import { bodyOf } from "../../kit/http/body.ts";
import { requestJson } from "../../kit/http/client.ts";
import type { UnitContext } from "../../kit/http/context.ts";
import { NotFound } from "../../kit/http/errors.ts";
import { mountReleaseAdmin } from "../../kit/http/release-admin.ts";
import { createTaskService, servingStore } from "../../kit/http/task-service.ts";
import {
  ALIASES,
  canaryForwardSchema,
  REQUEST_HEADERS,
  type ReleaseRef,
  releaseName,
} from "../../kit/protocol/index.ts";
import { canaryRoute, type Registry } from "../../kit/registry/index.ts";
import { readHead, readReferences } from "../../kit/release/artifact.ts";
import { componentsOf, logicFor } from "../../kit/release/components.ts";
import {
  callMonitor,
  inputMonitor,
  outputMonitor,
  releaseFeedback,
  vectorMonitor,
  vectorRecord,
} from "../../kit/release/monitors.ts";
import { infer, type LoadedRelease, loadRelease, vectorize } from "../../kit/release/predictor.ts";
import { synthetic } from "../../kit/request-context.ts";
import { migrateCollected, mountRejected, storeCollector } from "../../kit/store/training-data.ts";
import type { TaskDefinition } from "../../kit/task.ts";

export interface AppDeps {
  ctx: UnitContext;
  task: TaskDefinition;
  registry: Registry;
  dbFile: string;
  adminToken: string;
  seed: number;
  /** Serve this release instead of production (a side instance for the operator's replay tool). */
  release?: number;
  /** Mounts more admin routes (the release pipeline, when this instance hosts it). */
  extend?(admin: import("express").Router): void;
}

/**
 * The three-layer `app`: presentation, logic with processing and engine inline, and one database
 * that also keeps the collected data. Its monitors sit on the only boundaries it has: request in,
 * response out, database calls. A release is the whole app; a rollback restarts it on another one.
 */
export async function createApp(deps: AppDeps) {
  const { ctx, registry } = deps;
  const current = deps.release
    ? registry.get("app", deps.release)
    : registry.alias("app", ALIASES.production);
  if (!current) throw new NotFound("a production release of unit 'app'");
  const logic = logicFor(deps.task, componentsOf(current).logic);
  const release: LoadedRelease = await loadRelease(current.path);
  // The contract ships inside the app release: its public API speaks its model's version only.
  const task = atVersion(deps.task, release.manifest.contract);
  const self: ReleaseRef = { unit: "app", number: current.number };

  const { store, hook } = await servingStore(ctx, deps.dbFile, deps.seed, logic);
  await migrateCollected(store);

  const request = inputMonitor(ctx, "request", release.references, task.contract, deps.seed);
  const response = outputMonitor(ctx, "response", task, release.references, deps.seed);
  // Its internal flows, watched in-process where a distributed profile puts monitors on every flow:
  // the processed vectors the engine gets, and the logic's call to the engine.
  const vectors = vectorMonitor(ctx, "processing->engine", release.references, deps.seed);
  const engineCalls = callMonitor(ctx, "logic->engine", "engine", "unit");
  const featureNames = release.vectorizer.featureNames();
  // The service's healthy accuracy: the release the registry's baseline alias names.
  const baselineRelease = registry.alias("app", ALIASES.baseline);
  if (!baselineRelease) throw new NotFound("a baseline release of unit 'app'");
  const baseline = readReferences(baselineRelease.path);
  const feedback = releaseFeedback(ctx, task, self, baseline, release.head);
  // Feedback on answers another instance gave (a canary of another app release, sharing this
  // database): judged with that release's own head and counted per release, as comparative evaluation needs.
  const others = new Map<number, typeof feedback>();
  const feedbackFor = (r: ReleaseRef | null) => {
    if (r?.unit !== "app") return null;
    if (r.number === self.number) return feedback;
    if (!others.has(r.number)) {
      const dir = registry.get("app", r.number).path;
      others.set(r.number, releaseFeedback(ctx, task, r, baseline, readHead(dir)));
    }
    return others.get(r.number) ?? null;
  };
  // The three-layer way to a canary: this app forwards a share of callers to a second app
  // instance on the canary release (split by session), as a load balancer in front would.
  let canary: { url: string; fraction: number } | null = null;
  const collector = storeCollector(ctx, store);

  const service = createTaskService(ctx, {
    adminToken: deps.adminToken,
    hook,
    task,
    store,
    collector,
    logic,
    speaks: [versionOf(task)],
    async predict(input) {
      const [vector] = vectorize(release, [input]);
      const watched = !synthetic();
      if (watched) vectors.observe(vectorRecord(featureNames, vector));
      const started = performance.now();
      try {
        const [prediction] = infer(task, release, [vector]);
        if (watched) engineCalls.observe(performance.now() - started, true);
        return { prediction, release: self };
      } catch (err) {
        if (watched) engineCalls.observe(performance.now() - started, false);
        throw err;
      }
    },
    onRejected: (v) => request.observeViolations(v),
    onAccepted: () => request.observeValid(),
    onModelInput: (input) => request.observe(input),
    onPrediction: (p) => response.observe(p),
    onFeedback: (answeredBy, answered, label) => feedbackFor(answeredBy)?.observe(answered, label),
    async before(req, res, next) {
      const key = typeof req.body?.session === "string" ? req.body.session : randomUUID();
      if (!canary || !canaryRoute(key, canary.fraction, deps.seed)) return next();
      const version = req.header(REQUEST_HEADERS.contract);
      const forwarded = await requestJson(`${canary.url}${task.route}`, {
        body: req.body,
        headers: version ? { [REQUEST_HEADERS.contract]: version } : undefined,
        timeoutMs: 5000,
      });
      res.status(forwarded.status).json(forwarded.body);
    },
  });

  service.admin.get("/release", (_req, res) =>
    res.json({ unit: "app", release: current, backend: release.manifest.createdWith }),
  );
  mountRejected(service.admin, store);
  service.admin.get("/monitors", (_req, res) =>
    res.json({
      request: request.status(),
      response: response.status(),
      accuracy: feedback.status(),
      others: Object.fromEntries(
        [...others].map(([k, m]) => [releaseName({ unit: "app", number: k }), m.status()]),
      ),
    }),
  );
  service.admin.get("/feedback", (_req, res) =>
    res.json({ releases: [feedback, ...others.values()].map((m) => m.report()) }),
  );
  mountReleaseAdmin(service.admin, { unit: "app", registry });
  deps.extend?.(service.admin);
  service.admin.post("/canary", (req, res) => {
    canary = bodyOf(canaryForwardSchema, req.body);
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
      await ctx.alerts.close();
      await store.close();
      registry.close();
    },
  };
}
