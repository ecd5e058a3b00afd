import { atVersion, DEFAULT_CONTRACT, versionOf, versionRefusal } from "../contract-versions.ts";
import { validate } from "../features/contract.ts";
import { bodyOf } from "../http/body.ts";
import type { UnitContext } from "../http/context.ts";
import { HttpError, NotFound, ValidationFailed } from "../http/errors.ts";
import { mountReleaseAdmin } from "../http/release-admin.ts";
import { createService } from "../http/service.ts";
import {
  ALIASES,
  canaryEndSchema,
  canaryStartSchema,
  type PredictReply,
  predictRequestSchema,
  type ReferenceReply,
  referenceQuerySchema,
  replayRequestSchema,
} from "../protocol/index.ts";
import { canaryRoute, type Registry, type Release } from "../registry/index.ts";
import { readHead, readReferences } from "../release/artifact.ts";
import { inputMonitor, vectorMonitor, vectorRecord } from "../release/monitors.ts";
import { infer, type LoadedRelease, loadRelease, vectorize } from "../release/predictor.ts";
import { modelContract } from "../release/train.ts";
import { synthetic } from "../request-context.ts";
import type { TaskDefinition } from "../task.ts";

export interface InferenceDeps {
  /** The unit's name in its pattern (proposed: bundle; gateway: inference): its releases and aliases. */
  unit: string;
  ctx: UnitContext;
  task: TaskDefinition;
  registry: Registry;
  adminToken: string;
  seed: number;
}

/**
 * An inference unit (proposed's `bundle`, gateway's `inference`): data processing and the inference
 * engine, served and versioned together. It serves whatever release its `production` alias names;
 * moving the alias swaps the release in place (releases stay loaded, so going back is warm) while
 * the logic keeps running.
 */
export async function createInferenceUnit(deps: InferenceDeps) {
  const { ctx, task, registry, unit } = deps;
  const loaded = new Map<number, LoadedRelease>();
  const load = async (r: Release) => {
    let hit = loaded.get(r.number);
    if (!hit) {
      hit = await loadRelease(r.path);
      loaded.set(r.number, hit);
    }
    return hit;
  };
  const serving = (r: Release, release: LoadedRelease) => {
    // Each release speaks the contract version it was trained on: its processing reads that shape.
    const at = atVersion(task, release.manifest.contract);
    return {
      number: r.number,
      release,
      version: versionOf(at),
      contract: modelContract(at),
      // Monitors compare against the serving release's own training references.
      inputs: inputMonitor(ctx, "logic->processing", release.references, modelContract(at), deps.seed),
      vectors: vectorMonitor(ctx, "processing->engine", release.references, deps.seed),
    };
  };
  const first = registry.alias(unit, ALIASES.production);
  if (!first) throw new NotFound(`a production release of unit '${unit}'`);
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
    const stated = parsed.data.contract ?? DEFAULT_CONTRACT;
    const checked =
      stated === s.version
        ? validate(s.contract, parsed.data.record)
        : versionRefusal("contract", stated, [s.version]);
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
    const reply: PredictReply = { prediction, release: { unit, number: s.number } };
    res.json(reply);
  });

  // Any registered release's references, by number or by alias (the logic asks for the release
  // that answered it, and for the baseline).
  app.get("/reference", async (req, res) => {
    const q = bodyOf(referenceQuerySchema, req.query);
    const named = q.alias ? registry.alias(unit, q.alias) : null;
    if (q.alias && !named) throw new NotFound(`alias '${q.alias}' of unit '${unit}'`);
    // References are files of the release: no need to load its model to read them.
    const r = named ?? registry.get(unit, q.release ?? current.number);
    const reply: ReferenceReply = {
      release: { unit, number: r.number },
      references: readReferences(r.path),
      head: readHead(r.path),
    };
    res.json(reply);
  });

  // The replay tool: answers recorded requests with any release, without serving it.
  admin.post("/replay", async (req, res) => {
    const body = bodyOf(replayRequestSchema, req.body);
    const release = await load(registry.get(unit, body.release));
    const predictions = infer(task, release, vectorize(release, body.records));
    res.json({ release: { unit, number: body.release }, predictions });
  });

  mountReleaseAdmin(admin, {
    unit,
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
    const target = registry.get(unit, body.release);
    const next = serving(target, await load(target));
    const { who, reason } = body;
    const move = registry.moveAlias(unit, ALIASES.canary, target.number, { who, reason });
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
      ? registry.moveAlias(unit, ALIASES.production, canary.s.number, { who, reason })
      : registry.moveAlias(unit, ALIASES.canary, current.number, { who, reason });
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
