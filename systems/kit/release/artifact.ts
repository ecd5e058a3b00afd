import fs from "node:fs";
import path from "node:path";
import type { Reference } from "../features/types.ts";
import type { VectorizerState } from "../features/vectorizer.ts";
import type { Lineage } from "../registry/index.ts";
import type { monitoring, Thresholds } from "./calibration.ts";

/**
 * A model release on disk: model/ (TF.js files), pipeline.json (the fitted vectorizer, so the
 * processing travels with the engine), reference.json (training distributions for drift and skew)
 * and release.json (digest and lineage). Directories are named by content digest and immutable.
 */
export interface ReleaseReferences {
  /** Raw model inputs, as the contract delivers them. */
  inputs: Reference;
  /** Processed vectors, as the engine receives them. */
  vectors: Reference;
  /** The engine's outputs on the training rows: label counts and a confidence sample. */
  outputs: Reference;
  /** Drift thresholds per feature of each reference, calibrated at training (calibration.ts). */
  thresholds: { inputs: Thresholds; vectors: Thresholds; outputs: Thresholds };
  monitoring: typeof monitoring;
  /** What the release should score on rows it was not fitted on (held-out accuracy at training). */
  expected: { accuracy: number };
}

export interface ReleaseManifest {
  digest: string;
  task: string;
  classes: string[];
  lineage: Lineage;
  createdWith: { backend: string };
}

export const files = {
  model: "model",
  pipeline: "pipeline.json",
  reference: "reference.json",
  /** What the output head learned at training (kit/heads): target scale, cluster limit and groups. */
  head: "head.json",
  manifest: "release.json",
} as const;

export function readJson<T>(dir: string, name: string): T {
  return JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as T;
}

export function writeJson(dir: string, name: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, name), `${JSON.stringify(value, null, 1)}\n`);
}

export function readPipeline(dir: string): VectorizerState {
  return readJson<VectorizerState>(dir, files.pipeline);
}
