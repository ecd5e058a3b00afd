import fs from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { VectorizerState } from "../features/vectorizer.ts";
import {
  type HeadFit,
  headFitSchema,
  parseJsonAs,
  type ReleaseManifest,
  type ReleaseReferences,
  releaseManifestSchema,
  releaseReferencesSchema,
} from "../protocol/index.ts";

export type { ReleaseManifest, ReleaseReferences } from "../protocol/index.ts";

/**
 * A model release on disk: model/ (TF.js files), pipeline.json (the fitted vectorizer, so the
 * processing travels with the engine), reference.json (training distributions for drift and skew),
 * head.json (what the output head learned) and release.json (digest and lineage). Directories are
 * named by content digest and immutable; written by the training job, read by serving units.
 */
export const files = {
  model: "model",
  pipeline: "pipeline.json",
  reference: "reference.json",
  /** What the output head learned at training (kit/heads): target scale, cluster limit and groups. */
  head: "head.json",
  manifest: "release.json",
} as const;

/** A release file through its protocol schema: a damaged file fails here, naming the field. */
export function readArtifact<S extends z.ZodType>(dir: string, name: string, schema: S): z.infer<S> {
  const file = path.join(dir, name);
  return parseJsonAs(schema, fs.readFileSync(file, "utf8"), file);
}

export const readReferences = (dir: string): ReleaseReferences =>
  readArtifact(dir, files.reference, releaseReferencesSchema);
export const readHead = (dir: string): HeadFit => readArtifact(dir, files.head, headFitSchema);
export const readManifest = (dir: string): ReleaseManifest =>
  readArtifact(dir, files.manifest, releaseManifestSchema);

export function writeJson(dir: string, name: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, name), `${JSON.stringify(value, null, 1)}\n`);
}

/** The vectorizer's state; Vectorizer.fromJSON validates it, transform by transform. */
export function readPipeline(dir: string): VectorizerState {
  return JSON.parse(fs.readFileSync(path.join(dir, files.pipeline), "utf8"));
}
