import { z } from "zod";
import { validate } from "../../../kit/features/contract.ts";
import type { HeadFit } from "../../../kit/heads/index.ts";
import type { UnitContext } from "../../../kit/http/context.ts";
import { HttpError, NotFound, ValidationFailed } from "../../../kit/http/errors.ts";
import { createService } from "../../../kit/http/service.ts";
import { canaryRoute, type Registry, type Release } from "../../../kit/registry/index.ts";
import { files, type ReleaseReferences, readJson } from "../../../kit/release/artifact.ts";
import { inputMonitor, vectorMonitor, vectorRecord } from "../../../kit/release/monitors.ts";
import { infer, type LoadedRelease, loadRelease, vectorize } from "../../../kit/release/predictor.ts";
import { modelContract } from "../../../kit/release/train.ts";
import type { TaskDefinition } from "../../../kit/task.ts";

export interface BundleDeps {
  ctx: UnitContext;
  task: TaskDefinition;
  registry: Registry;
  adminToken: string;
  seed: number;
}

/** `key` (a session, a user) keeps one caller on one side of a canary split. */
const predictBody = z.object({
  record: z.record(z.string(), z.unknown()),
  key: z.string().max(200).optional(),
});
const replayBody = z.object({
  release: z.number().int().positive(),
  records: z.array(z.record(z.string(), z.unknown())).max(2000),
});
const canaryBody = z.object({
  release: z.number().int().positive(),
  fraction: z.number().gt(0).lt(1),
  who: z.string().min(1).default("admin"),
  reason: z.string().optional(),
});
const canaryEndBody = z.object({
  outcome: z.enum(["promote", "abort"]),
  who: z.string().min(1).default("admin"),
  reason: z.string().optional(),
});
const aliasBody = z.object({
  release: z.number().int().positive(),
  who: z.string().min(1).default("admin"),
  reason: z.string().optional(),
});

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
  const first = registry.alias("bundle", "production");
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
    const body = predictBody.safeParse(req.body);
    if (!body.success) throw new HttpError(400, "bad_request", "body must be {record: {...}, key?}");
    const key = body.data.key;
    const s =
      canary && key !== undefined && canaryRoute(key, canary.fraction, deps.seed) ? canary.s : current;
    const checked = validate(contract, body.data.record);
    if (!checked.ok) {
      s.inputs.observeViolations(checked.violations);
      throw new ValidationFailed(checked.violations);
    }
    s.inputs.observeValid();
    s.inputs.observe(checked.value);
    const [vector] = vectorize(s.release, [checked.value]);
    s.vectors.observe(vectorRecord(s.release.vectorizer.featureNames(), vector));
    const [prediction] = infer(task, s.release, [vector]);
    res.json({ prediction, release: `bundle#${s.number}` });
  });

  // Any registered release's references (the logic asks for the release that answered it).
  app.get("/reference", async (req, res) => {
    const asked = /^bundle#(\d+)$/.exec(String(req.query.release ?? ""));
    const number = asked ? Number(asked[1]) : current.number;
    // References are a file of the release: no need to load its model to read them.
    const dir = registry.get("bundle", number).path;
    const references = readJson<ReleaseReferences>(dir, files.reference);
    res.json({ release: `bundle#${number}`, references, head: readJson<HeadFit>(dir, files.head) });
  });

  // The replay tool: answers recorded requests with any release, without serving it.
  admin.post("/replay", async (req, res) => {
    const body = replayBody.safeParse(req.body);
    if (!body.success)
      throw new HttpError(422, "validation", "body must be {release: <number>, records: [{...}]}");
    const release = await load(registry.get("bundle", body.data.release));
    const predictions = infer(task, release, vectorize(release, body.data.records));
    res.json({ release: `bundle#${body.data.release}`, predictions });
  });

  admin.get("/releases", (_req, res) => {
    res.json({
      releases: registry.list("bundle"),
      aliases: registry.aliases("bundle"),
      moves: registry.moves("bundle"),
    });
  });
  admin.get("/monitors", (_req, res) =>
    res.json({ inputs: current.inputs.status(), vectors: current.vectors.status() }),
  );
  admin.get("/canary", (_req, res) =>
    res.json(canary ? { release: canary.s.number, fraction: canary.fraction } : null),
  );
  admin.post("/canary", async (req, res) => {
    const body = canaryBody.safeParse(req.body);
    if (!body.success)
      throw new HttpError(
        422,
        "validation",
        "body must be {release: <number>, fraction: (0, 1), who?, reason?}",
      );
    const target = registry.get("bundle", body.data.release);
    const next = serving(target, await load(target));
    const { who, reason } = body.data;
    const move = registry.moveAlias("bundle", "canary", target.number, { who, reason });
    canary = { s: next, fraction: body.data.fraction };
    ctx.logger.info("canary started", { release: target.number, fraction: body.data.fraction, who });
    res.json({ move });
  });
  // Promote: production moves to the canary's release. Abort: the canary alias goes back to
  // production's release, so the move log says when the split ended and why.
  admin.post("/canary/end", (req, res) => {
    const body = canaryEndBody.safeParse(req.body);
    if (!body.success)
      throw new HttpError(422, "validation", "body must be {outcome: promote|abort, who?, reason?}");
    if (!canary) throw new HttpError(409, "conflict", "no canary is running");
    const { who, reason } = body.data;
    const promoted = body.data.outcome === "promote";
    const move = promoted
      ? registry.moveAlias("bundle", "production", canary.s.number, { who, reason })
      : registry.moveAlias("bundle", "canary", current.number, { who, reason });
    if (promoted) current = canary.s;
    canary = null;
    ctx.logger.info("canary ended", { outcome: body.data.outcome, who });
    res.json({ outcome: body.data.outcome, move });
  });
  admin.post("/aliases/production", async (req, res) => {
    const body = aliasBody.safeParse(req.body);
    if (!body.success)
      throw new HttpError(422, "validation", "body must be {release: <number>, who?, reason?}");
    const started = performance.now();
    const target = registry.get("bundle", body.data.release);
    const next = serving(target, await load(target));
    const move = registry.moveAlias("bundle", "production", target.number, {
      who: body.data.who,
      reason: body.data.reason,
    });
    current = next;
    ctx.logger.info("alias moved", { alias: "production", from: move.from, to: move.to, who: move.who });
    res.json({ move, tookMs: performance.now() - started });
  });

  return {
    app: service.finish(),
    close: async () => {
      await ctx.alerts.flush();
      registry.close();
    },
  };
}
