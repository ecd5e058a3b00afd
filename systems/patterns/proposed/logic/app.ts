import { randomUUID } from "node:crypto";
import type { HeadFit } from "../../../kit/heads/index.ts";
import { requestJson } from "../../../kit/http/client.ts";
import type { UnitContext } from "../../../kit/http/context.ts";
import { createTaskService, servingStore } from "../../../kit/http/task-service.ts";
import type { Registry } from "../../../kit/registry/index.ts";
import type { ReleaseReferences } from "../../../kit/release/artifact.ts";
import { componentsOf, logicFor } from "../../../kit/release/components.ts";
import { callMonitor, outputMonitor, releaseFeedback, schemaMonitor } from "../../../kit/release/monitors.ts";
import { modelRecord, type Prediction, type TaskDefinition } from "../../../kit/task.ts";
import { collectorClient } from "./collect.ts";

export interface LogicDeps {
  ctx: UnitContext;
  task: TaskDefinition;
  dbFile: string;
  adminToken: string;
  seed: number;
  bundleUrl: string;
  collectorUrl: string;
  /** The logic release's components name the logic it runs. */
  registry: Registry;
}

/**
 * The `logic`: business logic and its database, the public API and the UI. It asks the bundle
 * for predictions over HTTP and hands collected data to the collector; it never trains and never
 * reads the lake. Its boundaries: request in (schema), the call to the bundle, engine->logic
 * (the outputs it receives), and the database.
 */
export async function createApp(deps: LogicDeps) {
  const { ctx, task } = deps;
  const release = deps.registry.alias("logic", "production");
  const logic = logicFor(task, componentsOf(release).logic);
  const { store, hook } = await servingStore(ctx, deps.dbFile, deps.seed, logic);

  // Schema checks only: input drift is watched where the inputs enter processing, in the bundle.
  const request = schemaMonitor(ctx, "request", deps.seed);
  const bundleCalls = callMonitor(ctx, "logic->processing", "bundle");
  // Each bundle release has its own training references to compare against: fetched once per release.
  const fetchRefs = (release: string) =>
    requestJson<{ release: string; references: ReleaseReferences; head: HeadFit }>(
      `${deps.bundleUrl}/reference?release=${encodeURIComponent(release)}`,
    );
  const baseline = (await fetchRefs("bundle#1")).body.references;
  type Monitors = {
    outputs: ReturnType<typeof outputMonitor>;
    feedback: ReturnType<typeof releaseFeedback>;
  };
  const perRelease = new Map<string, Monitors | null>();
  const monitorsFor = (release: string) => {
    if (!perRelease.has(release)) {
      perRelease.set(release, null);
      fetchRefs(release)
        .then((r) => {
          if (r.status !== 200 || r.body.release !== release) return void perRelease.delete(release);
          perRelease.set(release, {
            outputs: outputMonitor(ctx, "engine->logic", task, r.body.references, deps.seed),
            feedback: releaseFeedback(ctx, task, release, baseline, r.body.head),
          });
        })
        .catch(() => perRelease.delete(release));
    }
    return perRelease.get(release) ?? null;
  };
  const collector = collectorClient(ctx, deps.collectorUrl);

  const service = createTaskService(ctx, {
    adminToken: deps.adminToken,
    hook,
    task,
    store,
    collector,
    logic,
    async predict(input) {
      const record = modelRecord(task, input);
      const started = performance.now();
      try {
        const res = await requestJson<{ prediction: Prediction; release: string }>(
          `${deps.bundleUrl}/predict`,
          {
            // The caller's session keeps a user on one side of a canary split; else each request is split.
            body: { record, key: typeof input.session === "string" ? input.session : randomUUID() },
            timeoutMs: 2000,
          },
        );
        if (res.status !== 200) throw new Error(`bundle answered ${res.status}`);
        bundleCalls.observe(performance.now() - started, true);
        monitorsFor(res.body.release)?.outputs.observe(res.body.prediction);
        return res.body;
      } catch (err) {
        bundleCalls.observe(performance.now() - started, false);
        throw err;
      }
    },
    onRejected: (v) => request.observeViolations(v),
    onAccepted: () => request.observeValid(),
    onFeedback: (release, answered, label) => {
      const m = monitorsFor(release);
      m?.feedback.observe(answered, label);
    },
  });
  service.admin.get("/monitors", (_req, res) =>
    res.json({
      request: request.status(),
      outputs: Object.fromEntries(
        [...perRelease].map(([k, m]) => [
          k,
          m ? { outputs: m.outputs.status(), accuracy: m.feedback.status() } : null,
        ]),
      ),
    }),
  );
  return {
    app: service.finish(),
    close: async () => {
      await collector.close();
      await ctx.alerts.flush();
      await store.close();
      deps.registry.close();
    },
  };
}
