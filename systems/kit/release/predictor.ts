import path from "node:path";
import type { LayersModel } from "@tensorflow/tfjs";
import { initBackend } from "../engine/backend.ts";
import { loadModel } from "../engine/io.ts";
import { predict } from "../engine/model.ts";
import { servedPredictions, servingVectorizer } from "../faults/inference.ts";
import { Vectorizer } from "../features/vectorizer.ts";
import { type HeadFit, headOf } from "../heads/index.ts";
import type { Prediction, TaskDefinition } from "../task.ts";
import {
  files,
  type ReleaseManifest,
  type ReleaseReferences,
  readHead,
  readManifest,
  readPipeline,
  readReferences,
} from "./artifact.ts";

/** A release loaded for serving: processing (vectorizer) and engine (model) together. */
export interface LoadedRelease {
  dir: string;
  manifest: ReleaseManifest;
  references: ReleaseReferences;
  vectorizer: Vectorizer;
  model: LayersModel;
  /** What the output head learned at training (target scale, cluster limit). */
  head: HeadFit;
}

export async function loadRelease(dir: string): Promise<LoadedRelease> {
  await initBackend();
  const { model } = await loadModel(path.join(dir, files.model));
  return {
    dir,
    manifest: readManifest(dir),
    references: readReferences(dir),
    vectorizer: Vectorizer.fromJSON(readPipeline(dir)),
    model,
    head: readHead(dir),
  };
}

export { toPredictions } from "../heads/index.ts";

/** Processing: the release's vectorizer, through the inference fault hook (processing.skew). */
export function vectorize(release: LoadedRelease, records: Record<string, unknown>[]): number[][] {
  return servingVectorizer(release.vectorizer).transformMany(records);
}

/** The engine and its head, through the inference fault hook (engine.invalid). */
export function infer(task: TaskDefinition, release: LoadedRelease, vectors: number[][]): Prediction[] {
  if (vectors.length === 0) return [];
  return servedPredictions(headOf(task).decode(task, predict(release.model, vectors), vectors, release.head));
}
