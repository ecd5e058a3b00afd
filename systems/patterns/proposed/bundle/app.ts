import { validate } from "../../../kit/features/contract.ts";
import { bodyOf } from "../../../kit/http/body.ts";
import type { UnitContext } from "../../../kit/http/context.ts";
import { HttpError, NotFound, ValidationFailed } from "../../../kit/http/errors.ts";
import { mountReleaseAdmin } from "../../../kit/http/release-admin.ts";
import { createService } from "../../../kit/http/service.ts";
import {
  ALIASES,
  canaryEndSchema,
  canaryStartSchema,
  type PredictReply,
  predictRequestSchema,
  type ReferenceReply,
  referenceQuerySchema,
  replayRequestSchema,
} from "../../../kit/protocol/index.ts";
import { canaryRoute, type Registry, type Release } from "../../../kit/registry/index.ts";
import { readHead, readReferences } from "../../../kit/release/artifact.ts";
import { inputMonitor, vectorMonitor, vectorRecord } from "../../../kit/release/monitors.ts";
import { infer, type LoadedRelease, loadRelease, vectorize } from "../../../kit/release/predictor.ts";
import { modelContract } from "../../../kit/release/train.ts";
import { synthetic } from "../../../kit/request-context.ts";
import type { TaskDefinition } from "../../../kit/task.ts";

export interface BundleDeps {
  ctx: UnitContext;
  task: TaskDefinition;
  registry: Registry;
  adminToken: string;
  seed: number;
}

/**
 * The `bundle`: data processing and the inference engine, served and versioned together. It
 * serves whatever release its `production` alias names; moving the alias swaps the release in
 * place (releases stay loaded, so going back is warm) while the logic keeps running.
 */
export async function createApp(deps: BundleDeps) {
  const { ctx, task, registry } = deps;
  const contract = modelContract(task);
  const loaded = new Map<number, LoadedRelease>();
  const load = async (r: Release) => {
    let hit = loaded.get(r.number);
    if (!hit) {
      hit = await loadRelease(r.path);
      loaded.set(r.number, hit);
    }
    return hit;
  };
  const serving = (r: Release, release: LoadedRelease) => ({
    number: r.number,
    release,
    // Monitors compare against the serving release's own training references.
    inputs: inputMonitor(ctx, "logic->processing", release.references, contract, deps.seed),
    vectors: vectorMonitor(ctx, "processing->engine", release.references, deps.seed),
  });
  const first = registry.alias("bundle", ALIASES.production);
  if (!first) throw new NotFound("a production release of unit 'bundle'");
  let current = serving(first, await load(first));
  // Comparative evaluation's canary: a second release answers a fraction of callers, split by key.
  let canary: { s: ReturnType<typeof serving>; fraction: number } | null = null;

  const service = createService({
    metrics: ctx.metrics,
    logger: ctx.logger,
    adminToken: deps.adminToken,
    alerts: ctx.alerts,
  });
  const { app, admin } = service;

  app.post("/predict", (req, res) => {
    const parsed = predictRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, "bad_request", "body must be {record: {...}, key?}");
    const key = parsed.data.key;
    const s =
      canary && key !== undefined && canaryRoute(key, canary.fraction, deps.seed) ? canary.s : current;
    // The logic forwards the caller's synthetic mark: the harness's checks are not users' traffic.
    const watched = !synthetic();
    const checked = validate(contract, parsed.data.record);
    if (!checked.ok) {
      if (watched) s.inputs.observeViolations(checked.violations);
      throw new ValidationFailed(checked.violations);
    }
    const [vector] = vectorize(s.release, [checked.value]);
    if (watched) {
      s.inputs.observeValid();
      s.inputs.observe(checked.value);
      s.vectors.observe(vectorRecord(s.release.vectorizer.featureNames(), vector));
    }
    const [prediction] = infer(task, s.release, [vector]);
    const reply: PredictReply = { prediction, release: { unit: "bundle", number: s.number } };
    res.json(reply);
  });

  // Any registered release's references, by number or by alias (the logic asks for the release
  // that answered it, and for the baseline).
  app.get("/reference", async (req, res) => {
    const q = bodyOf(referenceQuerySchema, req.query);
    const named = q.alias ? registry.alias("bundle", q.alias) : null;
    if (q.alias && !named) throw new NotFound(`alias '${q.alias}' of unit 'bundle'`);
    // References are files of the release: no need to load its model to read them.
    const r = named ?? registry.get("bundle", q.release ?? current.number);
    const reply: ReferenceReply = {
      release: { unit: "bundle", number: r.number },
      references: readReferences(r.path),
      head: readHead(r.path),
    };
    res.json(reply);
  });

  // The replay tool: answers recorded requests with any release, without serving it.
  admin.post("/replay", async (req, res) => {
    const body = bodyOf(replayRequestSchema, req.body);
    const release = await load(registry.get("bundle", body.release));
    const predictions = infer(task, release, vectorize(release, body.records));
    res.json({ release: { unit: "bundle", number: body.release }, predictions });
  });

  mountReleaseAdmin(admin, {
    unit: "bundle",
    registry,
    async swap(target) {
      current = serving(target, await load(target));
      ctx.logger.info("alias moved", { alias: ALIASES.production, to: target.number });
    },
  });
  admin.get("/monitors", (_req, res) =>
    res.json({ inputs: current.inputs.status(), vectors: current.vectors.status() }),
  );
  admin.get("/canary", (_req, res) =>
    res.json(canary ? { release: canary.s.number, fraction: canary.fraction } : null),
  );
  admin.post("/canary", async (req, res) => {
    const body = bodyOf(canaryStartSchema, req.body);
    const target = registry.get("bundle", body.release);
    const next = serving(target, await load(target));
    const { who, reason } = body;
    const move = registry.moveAlias("bundle", ALIASES.canary, target.number, { who, reason });
    canary = { s: next, fraction: body.fraction };
    ctx.logger.info("canary started", { release: target.number, fraction: body.fraction, who });
    res.json({ move });
  });
  // Promote: production moves to the canary's release. Abort: the canary alias goes back to
  // production's release, so the move log says when the split ended and why.
  admin.post("/canary/end", (req, res) => {
    const body = bodyOf(canaryEndSchema, req.body);
    if (!canary) throw new HttpError(409, "conflict", "no canary is running");
    const { who, reason } = body;
    const promoted = body.outcome === "promote";
    const move = promoted
      ? registry.moveAlias("bundle", ALIASES.production, canary.s.number, { who, reason })
      : registry.moveAlias("bundle", ALIASES.canary, current.number, { who, reason });
    if (promoted) current = canary.s;
    canary = null;
    ctx.logger.info("canary ended", { outcome: body.outcome, who });
    res.json({ move });
  });

  return {
    app: service.finish(),
    close: async () => {
      await ctx.alerts.close();
      registry.close();
    },
  };
}
