/**
 * Requests and replies of the units' HTTP surfaces that are not the task's public API: what one
 * unit asks another (predictions, references, collected records) and what an operator or the
 * harness asks a unit behind the admin token (releases, alias moves, replays, canaries, the
 * release pipeline, fault hooks, feedback per release).
 */
import { z } from "zod";
import { headFitSchema, predictionSchema, releaseReferencesSchema, rowSchema } from "./model.ts";
import { aliasEntrySchema, aliasMoveSchema, releaseRefSchema, releaseSchema } from "./releases.ts";

const releaseNumber = z.number().int().positive();
const record = z.record(z.string(), z.unknown());
/** Who asked for a move and why: kept in the alias-move log. */
const by = { who: z.string().min(1).max(200).default("admin"), reason: z.string().max(500).optional() };

// ---- every request ----

/**
 * Headers a caller may set on any request, and a unit forwards to the units it calls: the request's
 * id (alerts name the request that triggered them) and whether it is synthetic (the harness's own
 * checks and probes, left out of production monitors).
 */
export const REQUEST_HEADERS = {
  id: "x-request-id",
  synthetic: "x-synthetic",
  /** The contract version a request's body is in (absent: v1; kit/contract-versions.ts). */
  contract: "x-contract-version",
} as const;

/** `GET /clock` of every unit: its monotonic epoch clock (kit/clock.ts), for the offset the harness measures. */
export const clockReplySchema = z.object({ now: z.number() });

// ---- every unit's errors ----

export const violationSchema = z.object({ field: z.string(), rule: z.string(), message: z.string() });
/** The one error body every unit answers a 4xx or 5xx with. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    rule: z.string().optional(),
    violations: z.array(violationSchema).optional(),
  }),
});

/** Rejected records a unit keeps (`GET /admin/rejected?limit=N`): how many in all, and the latest. */
export const rejectedReplySchema = z.object({
  count: z.number().int().nonnegative(),
  records: z.array(z.record(z.string(), z.unknown())),
});

// ---- between units ----

/** `key` (a session, a user) keeps one caller on one side of a canary split. */
/** `contract`: the version the record is in (absent: v1); an inference unit refuses one its release does not speak. */
export const predictRequestSchema = z.object({
  record,
  key: z.string().max(200).optional(),
  contract: z.string().min(1).max(32).optional(),
});
export const predictReplySchema = z.object({ prediction: predictionSchema, release: releaseRefSchema });
export type PredictReply = z.infer<typeof predictReplySchema>;

/** Which release's references: a number, or an alias ("baseline", "production"); default production. */
export const referenceQuerySchema = z.object({
  release: z.coerce.number().int().positive().optional(),
  alias: z.string().min(1).optional(),
});
export const referenceReplySchema = z.object({
  release: releaseRefSchema,
  references: releaseReferencesSchema,
  head: headFitSchema,
});
export type ReferenceReply = z.infer<typeof referenceReplySchema>;

export const collectKinds = ["request", "feedback", "quarantine"] as const;
const flatValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const collectRequestSchema = z.object({
  kind: z.enum(collectKinds),
  records: z.array(z.record(z.string(), flatValue)).max(5000),
});
export const collectReplySchema = z.object({ accepted: z.number().int().nonnegative() });
export type CollectReply = z.infer<typeof collectReplySchema>;

// ---- admin: releases and aliases ----

export const releasesReplySchema = z.object({
  unit: z.string(),
  releases: z.array(releaseSchema),
  aliases: z.array(aliasEntrySchema),
  moves: z.array(aliasMoveSchema),
});
export type ReleasesReply = z.infer<typeof releasesReplySchema>;

/** `GET /admin/heads`: what each of a unit's releases' output head learned (null: not a model release). */
export const headsReplySchema = z.object({
  heads: z.array(z.object({ number: z.number().int(), head: headFitSchema.nullable() })),
});
export type HeadsReply = z.infer<typeof headsReplySchema>;

/** A unit's releases with production resolved: what an operator's surface (and `up`'s admin) shows. */
export const unitReleasesSchema = z.object({
  releases: z.array(releaseSchema),
  production: releaseSchema.nullable(),
  moves: z.array(aliasMoveSchema),
});
export type UnitReleases = z.infer<typeof unitReleasesSchema>;

/** What `up`'s admin reports of a running system: its units as processes. */
export const systemReplySchema = z.object({
  system: z.string(),
  runDir: z.string(),
  units: z.array(
    z.object({
      name: z.string(),
      url: z.string(),
      pid: z.number().int().nullable(),
      swap: z.enum(["restart", "alias"]),
    }),
  ),
});
export type SystemReply = z.infer<typeof systemReplySchema>;

export const aliasMoveRequestSchema = z.strictObject({ release: releaseNumber, ...by });
export type AliasMoveRequest = z.infer<typeof aliasMoveRequestSchema>;
/**
 * `effective`: "now" when the unit swapped in place (it serves by alias); "on-restart" when the
 * move is recorded and takes effect once the unit is restarted on it (the orchestrator's job).
 */
export const aliasMoveReplySchema = z.object({
  move: aliasMoveSchema,
  tookMs: z.number(),
  effective: z.enum(["now", "on-restart"]),
});
export type AliasMoveReply = z.infer<typeof aliasMoveReplySchema>;

export const replayRequestSchema = z.strictObject({
  release: releaseNumber,
  records: z.array(record).max(2000),
});
export const replayReplySchema = z.object({
  release: releaseRefSchema,
  predictions: z.array(predictionSchema),
});

// ---- admin: comparative evaluation's canary ----

/** A unit serving by alias splits in place between production and this release. */
export const canaryStartSchema = z.strictObject({
  release: releaseNumber,
  fraction: z.number().gt(0).lt(1),
  ...by,
});
/** A unit that restarts to change release forwards this share of callers to a second instance. */
export const canaryForwardSchema = z.strictObject({ url: z.url(), fraction: z.number().gt(0).lt(1) });
export const canaryEndSchema = z.strictObject({ outcome: z.enum(["promote", "abort"]), ...by });
export const canaryMoveReplySchema = z.object({ move: aliasMoveSchema });
export const canaryForwardReplySchema = z.object({ canary: canaryForwardSchema.nullable() });
/** GET /admin/canary of a unit served by alias: the running canary, or null. */
export const canaryStatusSchema = z.object({ release: releaseNumber, fraction: z.number() }).nullable();

/** Users' reported outcomes per release, as the unit's feedback monitors count them. */
export const feedbackReplySchema = z.object({
  releases: z.array(
    z.object({
      release: releaseRefSchema,
      n: z.number().int().nonnegative(),
      /** null before any report. */
      accuracy: z.number().nullable(),
      /** The baseline accuracy the monitor compares against. */
      expected: z.number(),
    }),
  ),
});
export type FeedbackReply = z.infer<typeof feedbackReplySchema>;

// ---- admin: the release pipeline ----

/** What may differ between two releases of one task (a retrain, a worse release). */
export const trainVariantSchema = z.strictObject({
  seed: z.number().int().nonnegative().optional(),
  epochs: z.number().int().positive().max(500).optional(),
  /**
   * A corrupted training pipeline, for the release.model fault: the share of training labels
   * replaced by another class (or, per head, targets or rows taken from other rows).
   */
  labelNoise: z.number().min(0).max(1).optional(),
  note: z.string().max(200).optional(),
  /** The contract version to train on (its rows only) and serve; absent: v1. */
  contract: z.string().min(1).max(32).optional(),
});
export type TrainVariant = z.infer<typeof trainVariantSchema>;

export const trainRequestSchema = z.strictObject({ variant: trainVariantSchema.default({}) });
export const releaseReplySchema = z.object({ release: releaseRefSchema });
export const logicReleaseRequestSchema = z.strictObject({
  logic: z.string().min(1).max(100),
  note: z.string().max(200),
});
export const changeSetRequestSchema = z.strictObject({
  variant: trainVariantSchema,
  logic: z.string().min(1).max(100).nullable(),
});
export const changeSetReplySchema = z.object({ releases: z.array(releaseRefSchema) });
export const ingestRequestSchema = z.strictObject({ rows: z.array(rowSchema).min(1).max(5000) });
export const ingestReplySchema = z.object({ ingested: z.number().int().nonnegative() });

// ---- admin: fault hooks ----

export const storeFaultSchema = z.strictObject({
  delayMs: z.number().min(0).max(60_000),
  failRate: z.number().min(0).max(1),
});
export type StoreFault = z.infer<typeof storeFaultSchema>;
export const storeFaultReplySchema = z.object({ fault: storeFaultSchema.nullable() });

/** What `archdrill up --json` prints once a system is ready (and keeps in its state file). */
export const upInfoSchema = z.object({
  system: z.string(),
  ui: z.string(),
  api: z.string(),
  openapi: z.string(),
  metrics: z.array(z.string()),
  alerts: z.string(),
  admin: z.string(),
  adminToken: z.string(),
  units: z.record(z.string(), z.string()),
  /** The TF.js backend this machine gives archdrill: tfjs-node when it loads, else wasm. */
  backend: z.string(),
  runDir: z.string(),
  pid: z.number().int(),
});
export type UpInfo = z.infer<typeof upInfoSchema>;

/** processing.skew: the serving transform uses stale statistics and a shrunken vocabulary. */
export const processingSkewSchema = z.strictObject({
  /** Standardized features: the serving mean is off by this many training standard deviations. */
  shift: z.number().min(-10).max(10),
  /** Standardized features: the serving standard deviation is the training one times this. */
  stretch: z.number().min(0.01).max(100),
  /** Share of one-hot categories and text tokens the serving transform no longer knows. */
  drop: z.number().min(0).max(1),
  seed: z.number().int().nonnegative(),
});
export type ProcessingSkew = z.infer<typeof processingSkewSchema>;

/** engine.invalid: a share of the engine's outputs are values the logic does not expect. */
export const engineInvalidSchema = z.strictObject({
  mode: z.enum(["nan", "range", "label"]),
  rate: z.number().min(0).max(1),
  seed: z.number().int().nonnegative(),
});
export type EngineInvalid = z.infer<typeof engineInvalidSchema>;

/** A change to a unit's inference fault hook: a key given sets (or, null, clears) that stage; absent keeps it. */
export const inferenceFaultSchema = z.strictObject({
  processing: processingSkewSchema.nullable().optional(),
  engine: engineInvalidSchema.nullable().optional(),
});
export type InferenceFaultPatch = z.infer<typeof inferenceFaultSchema>;
export const inferenceFaultReplySchema = z.object({
  processing: processingSkewSchema.nullable(),
  engine: engineInvalidSchema.nullable(),
});
export type InferenceFault = z.infer<typeof inferenceFaultReplySchema>;
