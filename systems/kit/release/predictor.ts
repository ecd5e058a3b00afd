import path from "node:path";
import type { LayersModel } from "@tensorflow/tfjs";
import { initBackend } from "../engine/backend.ts";
import { loadModel } from "../engine/io.ts";
import { predict } from "../engine/model.ts";
import { Vectorizer } from "../features/vectorizer.ts";
import type { Prediction } from "../task.ts";
import { files, type ReleaseManifest, type ReleaseReferences, readJson, readPipeline } from "./artifact.ts";

/** A release loaded for serving: processing (vectorizer) and engine (model) together. */
export interface LoadedRelease {
  dir: string;
  manifest: ReleaseManifest;
  references: ReleaseReferences;
  vectorizer: Vectorizer;
  model: LayersModel;
}

export async function loadRelease(dir: string): Promise<LoadedRelease> {
  await initBackend();
  const { model } = await loadModel(path.join(dir, files.model));
  return {
    dir,
    manifest: readJson<ReleaseManifest>(dir, files.manifest),
    references: readJson<ReleaseReferences>(dir, files.reference),
    vectorizer: Vectorizer.fromJSON(readPipeline(dir)),
    model,
  };
}

/** Softmax rows to labelled predictions; a row with any NaN gets a NaN confidence so the caller's guard sees it. */
export function toPredictions(rows: number[][], classes: readonly string[]): Prediction[] {
  return rows.map((scores) => {
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    // `>` is false against NaN, so the argmax alone would hide a NaN that is not in the first slot.
    const broken = scores.some((s) => Number.isNaN(s));
    return {
      label: classes[best] ?? "",
      confidence: broken ? Number.NaN : scores[best],
      scores: Object.fromEntries(classes.map((c, i) => [c, scores[i]])),
    };
  });
}

export function vectorize(release: LoadedRelease, records: Record<string, unknown>[]): number[][] {
  return release.vectorizer.transformMany(records);
}

export function infer(release: LoadedRelease, vectors: number[][]): Prediction[] {
  if (vectors.length === 0) return [];
  return toPredictions(predict(release.model, vectors), release.manifest.classes);
}
