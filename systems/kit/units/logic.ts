import { randomUUID } from "node:crypto";
import { DEFAULT_CONTRACT, versionOf } from "../contract-versions.ts";
import { callJson, ReplyError } from "../http/client.ts";
import type { UnitContext } from "../http/context.ts";
import { VersionRefused } from "../http/errors.ts";
import { mountReleaseAdmin } from "../http/release-admin.ts";
import { createTaskService, servingStore } from "../http/task-service.ts";
import {
  ALIASES,
  errorBodySchema,
  predictReplySchema,
  type ReleaseRef,
  referenceReplySchema,
} from "../protocol/index.ts";
import type { Registry } from "../registry/index.ts";
import { componentsOf, logicFor } from "../release/components.ts";
import { callMonitor, outputMonitor, releaseFeedback, schemaMonitor } from "../release/monitors.ts";
import { forwardedHeaders, synthetic } from "../request-context.ts";
import { migrateCollected, mountRejected, storeCollector } from "../store/training-data.ts";
import { modelRecord, type TaskDefinition } from "../task.ts";
import { collectorClient } from "./collect.ts";
import { loadedPerKey } from "./loaded-per-key.ts";

export interface LogicDeps {
  ctx: UnitContext;
  task: TaskDefinition;
  dbFile: string;
  adminToken: string;
  seed: number;
  /** The inference unit's name (proposed: bundle; gateway: inference) and where its API is. */
  modelUnit: string;
  modelUrl: string;
  /** The collector unit, when the pattern has one; else collected data stays in the logic's database. */
  collectorUrl?: string;
  /** The logic release's components name the logic it runs. */
  registry: Registry;
  /** Mounts more admin routes (the release pipeline, when this unit hosts it). */
  extend?(admin: import("express").Router): void;
}

/** Whether the inference unit refused a call for its contract version (a 422 naming rule 'version'). */
const refusedVersion = (err: unknown) =>
  err instanceof ReplyError &&
  err.status === 422 &&
  errorBodySchema.safeParse(err.body).data?.error.rule === "version";

/**
 * A `logic` unit: business logic and its database, the public API and the UI. It asks the
 * inference unit for predictions over HTTP and hands collected data to the collector (or keeps
 * it in its database); it never trains and never reads the lake. Its boundaries: request in
 * (schema), the call to the inference unit, engine->logic (the outputs it receives), and the database.
 */
export async function createLogicUnit(deps: LogicDeps) {
  const { ctx, task, modelUnit } = deps;
  const release = deps.registry.alias("logic", ALIASES.production);
  const logic = logicFor(task, componentsOf(release).logic);
  const { store, hook } = await servingStore(ctx, deps.dbFile, deps.seed, logic);

  // Schema checks only: input drift is watched where the inputs enter processing, in the bundle.
  const request = schemaMonitor(ctx, "request", deps.seed);
  const bundleCalls = callMonitor(ctx, "logic->processing", modelUnit, "unit");
  // Each bundle release has its own training references to compare against: fetched once per release.
  const fetchRefs = (query: string) =>
    callJson(referenceReplySchema, `${deps.modelUrl}/reference?${query}`, { timeoutMs: 10_000 });
  // The service's healthy accuracy: the bundle release its baseline alias names.
  const baseline = (await fetchRefs(`alias=${ALIASES.baseline}`)).references;
  type Monitors = {
    outputs: ReturnType<typeof outputMonitor>;
    feedback: ReturnType<typeof releaseFeedback>;
  };
  // A release's monitors are built once its references arrive; what its answers and feedback tell
  // them meanwhile waits (loaded-per-key.ts), so a canary is watched from its first answer.
  const monitorsOf = loadedPerKey<Monitors>(
    async (key) => {
      const number = Number(key);
      const reply = await fetchRefs(`release=${number}`);
      if (reply.release.number !== number)
        throw new Error(`asked for release ${number}, got ${reply.release.number}`);
      return {
        outputs: outputMonitor(ctx, "engine->logic", task, reply.references, deps.seed),
        feedback: releaseFeedback(ctx, task, { unit: modelUnit, number }, baseline, reply.head),
      };
    },
    {
      onDropped: (key, count, err) =>
        ctx.logger.warn("model references unavailable", {
          release: `${modelUnit}#${key}`,
          dropped: count,
          error: String(err),
        }),
    },
  );
  const withMonitors = (r: ReleaseRef | null, use: (m: Monitors) => void) => {
    if (r?.unit === modelUnit) monitorsOf.with(String(r.number), use);
  };
  if (!deps.collectorUrl) await migrateCollected(store);
  const collector = deps.collectorUrl
    ? collectorClient(ctx, deps.collectorUrl)
    : { ...storeCollector(ctx, store), close: async () => undefined };

  const service = createTaskService(ctx, {
    adminToken: deps.adminToken,
    hook,
    task,
    store,
    collector,
    logic,
    async predict(input, at) {
      const record = modelRecord(at, input);
      const version = versionOf(at);
      const started = performance.now();
      try {
        const reply = await callJson(predictReplySchema, `${deps.modelUrl}/predict`, {
          // The caller's session keeps a user on one side of a canary split; else each request is split.
          // The record goes on in the version the caller sent it in: the bundle's processing reads it.
          body: {
            record,
            key: typeof input.session === "string" ? input.session : randomUUID(),
            ...(version === DEFAULT_CONTRACT ? {} : { contract: version }),
          },
          headers: forwardedHeaders(),
          timeoutMs: 2000,
          expect: 200,
        });
        if (!synthetic()) {
          bundleCalls.observe(performance.now() - started, true);
          withMonitors(reply.release, (m) => m.outputs.observe(reply.prediction));
        }
        return reply;
      } catch (err) {
        if (!synthetic()) bundleCalls.observe(performance.now() - started, false);
        throw refusedVersion(err) ? new VersionRefused(String(err)) : err;
      }
    },
    onRejected: (v) => request.observeViolations(v),
    onAccepted: () => request.observeValid(),
    onFeedback: (release, answered, label) =>
      withMonitors(release, (m) => m.feedback.observe(answered, label)),
  });
  mountReleaseAdmin(service.admin, { unit: "logic", registry: deps.registry });
  if (!deps.collectorUrl) mountRejected(service.admin, store);
  deps.extend?.(service.admin);
  service.admin.get("/feedback", (_req, res) =>
    res.json({
      releases: [...monitorsOf.loaded().values()].map((m) => m.feedback.report()),
    }),
  );
  service.admin.get("/monitors", (_req, res) =>
    res.json({
      request: request.status(),
      outputs: Object.fromEntries(
        [...monitorsOf.loaded()].map(([k, m]) => [
          `${modelUnit}#${k}`,
          { outputs: m.outputs.status(), accuracy: m.feedback.status() },
        ]),
      ),
    }),
  );
  return {
    app: service.finish(),
    close: async () => {
      await collector.close();
      await ctx.alerts.close();
      await store.close();
      deps.registry.close();
    },
  };
}
