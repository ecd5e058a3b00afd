import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { initBackend, predict, saveModel, trainModel } from "../engine/index.ts";
import {
  buildReference,
  type Contract,
  digestRows,
  oneHotLabels,
  referenceValue,
  Vectorizer,
  vectorReference,
} from "../features/index.ts";
import { rng } from "../random.ts";
import type { Prediction, Row, TaskDefinition } from "../task.ts";
import { files, type ReleaseManifest, type ReleaseReferences, readJson, writeJson } from "./artifact.ts";
import { calibrateReference, monitoring, splitForCalibration } from "./calibration.ts";
import { toPredictions } from "./predictor.ts";

/** Bump when training code changes what a given input produces: it is part of every digest. */
export const TRAINER_VERSION = 3;
const REFERENCE_SAMPLE = 1000;

/** What may differ between two releases of one task (a retrain, a worse release). */
export interface TrainVariant {
  seed?: number;
  epochs?: number;
  /** Share of training labels replaced by another class: a worse release, for the release.model fault. */
  labelNoise?: number;
  note?: string;
}

export interface BuiltRelease {
  dir: string;
  digest: string;
  manifest: ReleaseManifest;
  cached: boolean;
}

/** The part of the public contract the model reads. */
export function modelContract(task: TaskDefinition): Contract {
  const fields = Object.fromEntries(task.modelFields.map((f) => [f, task.contract.fields[f]]));
  return { name: `${task.contract.name}:model`, fields };
}

const outputContract: (t: TaskDefinition) => Contract = (t) => ({
  name: "outputs",
  fields: { label: { type: "category", categories: t.classes }, confidence: { type: "number" } },
});

/**
 * Training references for every boundary a pattern may watch, from one part of the training
 * rows, with drift thresholds calibrated on the other part.
 */
function buildReferences(
  task: TaskDefinition,
  rows: Row[],
  x: number[][],
  names: string[],
  predictions: Prediction[],
  seed: number,
): Omit<ReleaseReferences, "expected"> {
  const { reference, calibration } = splitForCalibration(
    rows.map((_, i) => i),
    seed,
  );
  const refOpts = { sampleSize: REFERENCE_SAMPLE, seed };
  const outputs = predictions.map((p) => ({ label: p.label, confidence: p.confidence }));
  const pick = <T>(items: T[], idx: number[]) => idx.map((i) => items[i]);
  const inputsContract = modelContract(task);
  const values = (c: Contract, records: Record<string, unknown>[]) =>
    Object.fromEntries(
      Object.entries(c.fields).map(([f, spec]) => [
        f,
        records.map((r) => referenceValue(spec, r[f])).filter((v): v is number | string => v !== null),
      ]),
    );
  const vectorValues = (vectors: number[][]) =>
    Object.fromEntries(names.map((n, j) => [n, vectors.map((v) => v[j])]));
  const refs = {
    inputs: buildReference(inputsContract, pick(rows, reference), refOpts),
    vectors: vectorReference(names, pick(x, reference), refOpts),
    outputs: buildReference(outputContract(task), pick(outputs, reference), refOpts),
  };
  return {
    ...refs,
    thresholds: {
      inputs: calibrateReference(refs.inputs, values(inputsContract, pick(rows, calibration)), seed),
      vectors: calibrateReference(refs.vectors, vectorValues(pick(x, calibration)), seed),
      outputs: calibrateReference(
        refs.outputs,
        values(outputContract(task), pick(outputs, calibration)),
        seed,
      ),
    },
    monitoring,
  };
}

/** Replaces a seeded share of labels with another class (the release.model fault's worse release). */
function noisy(labels: string[], classes: readonly string[], share: number, seed: number): string[] {
  if (!share) return labels;
  const random = rng(`${seed}:label-noise`);
  return labels.map((l) => {
    if (random() >= share) return l;
    const others = classes.filter((c) => c !== l);
    return others[Math.floor(random() * others.length)] ?? l;
  });
}

/**
 * What the release should score in service: a probe model with the same spec and seed, fitted on
 * the reference part of the rows and scored on the calibration part against the true labels. The
 * feedback monitor compares live accuracy with this, not with the optimistic training accuracy.
 */
async function heldOutAccuracy(
  spec: TaskDefinition["model"],
  x: number[][],
  fitLabels: string[],
  trueLabels: string[],
  classes: readonly string[],
  seed: number,
): Promise<number> {
  const { reference, calibration } = splitForCalibration(
    x.map((_, i) => i),
    seed,
  );
  const probe = await trainModel(
    spec,
    reference.map((i) => x[i]),
    oneHotLabels(
      reference.map((i) => fitLabels[i]),
      classes,
    ),
    seed,
  );
  const predicted = toPredictions(
    predict(
      probe.model,
      calibration.map((i) => x[i]),
    ),
    classes,
  );
  probe.model.dispose();
  return predicted.filter((p, k) => p.label === trueLabels[calibration[k]]).length / calibration.length;
}

export function releaseDigest(task: TaskDefinition, dataDigest: string, variant: TrainVariant = {}): string {
  const model = { ...task.model, ...(variant.epochs ? { epochs: variant.epochs } : {}) };
  const key = {
    trainer: TRAINER_VERSION,
    task: task.name,
    features: task.features,
    classes: task.classes,
    model,
    seed: variant.seed ?? task.seed,
    dataDigest,
    ...(variant.labelNoise ? { labelNoise: variant.labelNoise } : {}),
  };
  return createHash("sha256").update(JSON.stringify(key)).digest("hex");
}

/**
 * Trains a model release from rows (read from the database or the lake by the caller), or reuses
 * the cached one with the same content digest: same data, spec and seed give the same release.
 */
export async function buildModelRelease(
  task: TaskDefinition,
  rows: Row[],
  opts: { cacheDir: string; codeVersion: string; variant?: TrainVariant },
): Promise<BuiltRelease> {
  const variant = opts.variant ?? {};
  const dataDigest = digestRows(rows);
  const digest = releaseDigest(task, dataDigest, variant);
  const dir = path.join(opts.cacheDir, "releases", digest);
  if (fs.existsSync(path.join(dir, files.manifest))) {
    return { dir, digest, manifest: readJson<ReleaseManifest>(dir, files.manifest), cached: true };
  }
  const backend = await initBackend();
  const seed = variant.seed ?? task.seed;
  const spec = { ...task.model, ...(variant.epochs ? { epochs: variant.epochs } : {}) };
  const vectorizer = Vectorizer.fit(task.features, rows);
  const x = vectorizer.transformMany(rows);
  const labels = noisy(
    rows.map((r) => String(r[task.target])),
    task.classes,
    variant.labelNoise ?? 0,
    seed,
  );
  const { model, loss } = await trainModel(spec, x, oneHotLabels(labels, task.classes), seed);
  const predictions = toPredictions(predict(model, x), task.classes);
  // Against the true labels: a release trained on noisy ones should show how much worse it is.
  const accuracy =
    predictions.filter((p, i) => p.label === String(rows[i][task.target])).length / rows.length;

  const expectedAccuracy = await heldOutAccuracy(
    spec,
    x,
    labels,
    rows.map((r) => String(r[task.target])),
    task.classes,
    seed,
  );
  const references = {
    ...buildReferences(task, rows, x, vectorizer.featureNames(), predictions, seed),
    expected: { accuracy: expectedAccuracy },
  };
  const manifest: ReleaseManifest = {
    digest,
    task: task.name,
    classes: [...task.classes],
    lineage: {
      codeVersion: opts.codeVersion,
      dataDigest,
      params: {
        model: spec,
        seed,
        features: task.features,
        rows: rows.length,
        ...(variant.note ? { note: variant.note } : {}),
      },
      metrics: {
        trainAccuracy: accuracy,
        heldOutAccuracy: expectedAccuracy,
        finalLoss: loss[loss.length - 1] ?? Number.NaN,
      },
    },
    createdWith: { backend },
  };
  // Build in a temp dir and rename: a concurrent trainer of the same digest never sees half a release.
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp, { recursive: true });
  await saveModel(model, path.join(tmp, files.model), { spec, seed, dataDigest, backend });
  model.dispose();
  writeJson(tmp, files.pipeline, vectorizer.toJSON());
  writeJson(tmp, files.reference, references);
  writeJson(tmp, files.manifest, manifest);
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, files.manifest))) throw new Error(`could not store release ${digest}`);
  }
  return { dir, digest, manifest, cached: false };
}
