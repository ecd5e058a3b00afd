/**
 * What a model release carries and serves, as it crosses process boundaries: written by the
 * training job, read by every unit that serves the release, and sent between units (a bundle
 * answers predictions and its training references over HTTP).
 */
import { z } from "zod";
import { lineageSchema } from "./releases.ts";

/** One row of a dataset, as training data travels (delivered to a system, stored, read back). */
export const rowSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type Row = z.infer<typeof rowSchema>;

/** Training reference of one feature, kept with a release for drift and skew checks. */
export const featureReferenceSchema = z.discriminatedUnion("kind", [
  z.object({ field: z.string(), kind: z.literal("numeric"), sample: z.array(z.number()) }),
  z.object({ field: z.string(), kind: z.literal("categorical"), counts: z.record(z.string(), z.number()) }),
]);
export type FeatureReference = z.infer<typeof featureReferenceSchema>;

export const referenceSchema = z.record(z.string(), featureReferenceSchema);
export type Reference = z.infer<typeof referenceSchema>;

export const thresholdsSchema = z.record(z.string(), z.number());
export type Thresholds = z.infer<typeof thresholdsSchema>;

/**
 * How a release's drift monitors run, decided when it is trained and shipped with it, so every
 * unit serving it (in any pattern) watches the same way: the window, the false-alarm rate the
 * thresholds were calibrated to, the draws used to calibrate them, and the detector (by its
 * registered name) for numeric and categorical features.
 */
export const monitoringConfigSchema = z.object({
  windowSize: z.number().int().positive(),
  falseAlarmRate: z.number().gt(0).lt(1),
  trials: z.number().int().positive(),
  detectors: z.object({ numeric: z.string().min(1), categorical: z.string().min(1) }),
});
export type MonitoringConfig = z.infer<typeof monitoringConfigSchema>;

export const releaseReferencesSchema = z.object({
  /** Raw model inputs, as the contract delivers them. */
  inputs: referenceSchema,
  /** Processed vectors, as the engine receives them. */
  vectors: referenceSchema,
  /** The engine's outputs on the training rows. */
  outputs: referenceSchema,
  /** Drift thresholds per feature of each reference, calibrated at training. */
  thresholds: z.object({ inputs: thresholdsSchema, vectors: thresholdsSchema, outputs: thresholdsSchema }),
  monitoring: monitoringConfigSchema,
  /** What the release scored on rows it was not fitted on (held-out accuracy at training). */
  expected: z.object({ accuracy: z.number() }),
});
export type ReleaseReferences = z.infer<typeof releaseReferencesSchema>;

/** What an output head learned at training and ships with the release (head.json). */
export const headFitSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("classes") }),
  z.object({ kind: z.literal("value"), mean: z.number(), std: z.number() }),
  /** `groups`: each cluster's majority group on the training rows, for evaluation only. */
  z.object({
    kind: z.literal("clusters"),
    limit: z.number(),
    groups: z.record(z.string(), z.string().nullable()),
  }),
]);
export type HeadFit = z.infer<typeof headFitSchema>;

/**
 * One answer of the engine. Fields a head does not produce are null; a value that is not a finite
 * number on the engine's side (NaN) travels as null in JSON, and the logic's guard refuses it. A
 * score that travelled as null is read back as NaN, as the engine produced it.
 */
export const predictionSchema = z.object({
  label: z.string().nullable(),
  confidence: z.number().nullable(),
  value: z.number().nullable(),
  /** Clusters: the distance beyond which a row fits no cluster, learned at training. */
  limit: z.number().nullable(),
  scores: z.record(
    z.string(),
    z
      .number()
      .nullable()
      .transform((v) => v ?? Number.NaN),
  ),
});
export type Prediction = z.infer<typeof predictionSchema>;

export const releaseManifestSchema = z.object({
  digest: z.string(),
  task: z.string(),
  classes: z.array(z.string()),
  /** The contract version the release was trained on and serves (absent in releases before versions: v1). */
  contract: z.string().default("v1"),
  lineage: lineageSchema,
  createdWith: z.object({ backend: z.string() }),
});
export type ReleaseManifest = z.infer<typeof releaseManifestSchema>;
