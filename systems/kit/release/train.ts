import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { versionOf } from "../contract-versions.ts";
import { initBackend, type ModelSpec, predict, saveModel, trainModel } from "../engine/index.ts";
import {
  buildReference,
  type Contract,
  digestRows,
  referenceValue,
  Vectorizer,
  vectorReference,
} from "../features/index.ts";
import { type Head, type HeadFit, headOf } from "../heads/index.ts";
import type { MonitoringConfig, TrainVariant } from "../protocol/index.ts";
import { rng } from "../random.ts";
import type { Prediction, Row, TaskDefinition } from "../task.ts";
import { files, type ReleaseManifest, type ReleaseReferences, readManifest, writeJson } from "./artifact.ts";
import { calibrateReference, monitoringFor, splitForCalibration } from "./calibration.ts";
import type { DecisionId } from "./collected.ts";

/** Bump when training code changes what a given input produces: it is part of every digest. */
export const TRAINER_VERSION = 5;
const REFERENCE_SAMPLE = 1000;
/** The users' decisions a release learned from, beside its manifest (absent when it learned from none). */
export const COLLECTED_FILE = "collected.json";

export type { TrainVariant } from "../protocol/index.ts";

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
  fields: headOf(t).outputFields(t),
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
  monitoring: MonitoringConfig,
): Omit<ReleaseReferences, "expected"> {
  const { reference, calibration } = splitForCalibration(
    rows.map((_, i) => i),
    seed,
  );
  const refOpts = { sampleSize: REFERENCE_SAMPLE, seed };
  const head = headOf(task);
  const outputs = predictions.map((p) => head.outputRecord(p));
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
      inputs: calibrateReference(
        refs.inputs,
        values(inputsContract, pick(rows, calibration)),
        seed,
        monitoring,
      ),
      vectors: calibrateReference(refs.vectors, vectorValues(pick(x, calibration)), seed, monitoring),
      outputs: calibrateReference(
        refs.outputs,
        values(outputContract(task), pick(outputs, calibration)),
        seed,
        monitoring,
      ),
    },
    monitoring,
  };
}

interface Fitted {
  head: Head<HeadFit>;
  fit: HeadFit;
  predictions: Prediction[];
  model: Awaited<ReturnType<typeof trainModel>>["model"];
  loss: number[];
}

/** Trains the engine on some rows through the task's head and settles what the head learns from them. */
async function fitEngine(
  task: TaskDefinition,
  spec: TaskDefinition["model"],
  rows: Row[],
  x: number[][],
  noise: number,
  seed: number,
): Promise<Fitted> {
  const head = headOf(task);
  const prepared = head.prepare(task, rows, x, noise, rng(`${seed}:label-noise`));
  const { model, loss } = await trainModel(spec, prepared.x, prepared.y, seed);
  // One forward pass: decoded once to settle what the head learns, once more with it.
  const out = predict(model, x);
  const raw = head.decode(task, out, x, prepared.fit);
  const fit = head.settle(
    task,
    prepared.fit,
    raw,
    rows.map((r) => String(r[task.target])),
  );
  return { head, fit, predictions: head.decode(task, out, x, fit), model, loss };
}

/** Share of rows whose prediction the head judges right against the row's true target. */
function rightShare(
  task: TaskDefinition,
  f: Pick<Fitted, "head" | "fit">,
  predictions: Prediction[],
  rows: Row[],
) {
  const field = (p: Prediction) => (p.value !== null && p.label === null ? p.value : p.label);
  return (
    predictions.filter((p, i) => f.head.correct(task, f.fit, field(p), String(rows[i][task.target]))).length /
    rows.length
  );
}

/**
 * What the release should score in service: a probe model with the same spec and seed, fitted on
 * the reference part of the rows and scored on the calibration part against the true labels. The
 * feedback monitor compares live accuracy with this, not with the optimistic training accuracy.
 */
async function heldOutAccuracy(
  task: TaskDefinition,
  spec: TaskDefinition["model"],
  rows: Row[],
  x: number[][],
  noise: number,
  seed: number,
): Promise<number> {
  const { reference, calibration } = splitForCalibration(
    x.map((_, i) => i),
    seed,
  );
  const probe = await fitEngine(
    task,
    spec,
    reference.map((i) => rows[i]),
    reference.map((i) => x[i]),
    noise,
    seed,
  );
  const xs = calibration.map((i) => x[i]);
  const predicted = probe.head.decode(task, predict(probe.model, xs), xs, probe.fit);
  probe.model.dispose();
  return rightShare(
    task,
    probe,
    predicted,
    calibration.map((i) => rows[i]),
  );
}

/** The spec a variant trains: its `epochs` are a network's epochs or a k-means' iterations. */
function variantSpec(spec: ModelSpec, variant: TrainVariant): ModelSpec {
  if (!variant.epochs) return spec;
  return spec.kind === "kmeans"
    ? { ...spec, iterations: variant.epochs }
    : { ...spec, epochs: variant.epochs };
}

export function releaseDigest(task: TaskDefinition, dataDigest: string, variant: TrainVariant = {}): string {
  const model = variantSpec(task.model, variant);
  const key = {
    trainer: TRAINER_VERSION,
    task: task.name,
    features: task.features,
    classes: task.classes,
    head: task.head,
    model,
    seed: variant.seed ?? task.seed,
    // A release watched with other detectors or rates is another release: its thresholds differ.
    monitoring: monitoringFor(task.monitoring),
    dataDigest,
    ...(variant.labelNoise ? { labelNoise: variant.labelNoise } : {}),
    // v1 releases keep the digests they had before contracts had versions.
    ...(task.contractVersion ? { contract: task.contractVersion } : {}),
  };
  return createHash("sha256").update(JSON.stringify(key)).digest("hex");
}

/**
 * The digest of a release that learned from users' decisions also names them, so a cached release
 * never carries another run's provenance for the same rows; one trained on none keeps the digest
 * it always had.
 */
export function withCollected(digest: string, collected: readonly DecisionId[]): string {
  if (!collected.length) return digest;
  return createHash("sha256").update(JSON.stringify({ digest, collected })).digest("hex");
}

/**
 * Trains a model release from rows (read from the database or the lake by the caller; `task` at
 * the contract version the rows are in, kit/contract-versions.ts), or reuses
 * the cached one with the same content digest: same data, spec and seed give the same release.
 * `collected`: the users' decisions whose labeled rows are among `rows`, recorded with the release
 * for provenance (withCollected).
 */
export async function buildModelRelease(
  task: TaskDefinition,
  rows: Row[],
  opts: { cacheDir: string; codeVersion: string; variant?: TrainVariant; collected?: readonly DecisionId[] },
): Promise<BuiltRelease> {
  const variant = opts.variant ?? {};
  const collected = opts.collected ?? [];
  const dataDigest = digestRows(rows);
  const digest = withCollected(releaseDigest(task, dataDigest, variant), collected);
  const dir = path.join(opts.cacheDir, "releases", digest);
  if (fs.existsSync(path.join(dir, files.manifest))) {
    return { dir, digest, manifest: readManifest(dir), cached: true };
  }
  const backend = await initBackend();
  const seed = variant.seed ?? task.seed;
  const spec = variantSpec(task.model, variant);
  const vectorizer = Vectorizer.fit(task.features, rows);
  const x = vectorizer.transformMany(rows);
  const noise = variant.labelNoise ?? 0;
  const fitted = await fitEngine(task, spec, rows, x, noise, seed);
  const { model, loss, predictions } = fitted;
  // Against the true targets: a release trained on corrupted ones should show how much worse it is.
  const accuracy = rightShare(task, fitted, predictions, rows);
  const expectedAccuracy = await heldOutAccuracy(task, spec, rows, x, noise, seed);
  const references = {
    ...buildReferences(
      task,
      rows,
      x,
      vectorizer.featureNames(),
      predictions,
      seed,
      monitoringFor(task.monitoring),
    ),
    expected: { accuracy: expectedAccuracy },
  };
  const manifest: ReleaseManifest = {
    digest,
    task: task.name,
    classes: [...task.classes],
    contract: versionOf(task),
    lineage: {
      codeVersion: opts.codeVersion,
      dataDigest,
      params: {
        model: spec,
        seed,
        features: task.features,
        rows: rows.length,
        ...(collected.length ? { collected: collected.length } : {}),
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
  writeJson(tmp, files.head, fitted.fit);
  writeJson(tmp, files.reference, references);
  if (collected.length) writeJson(tmp, COLLECTED_FILE, collected);
  writeJson(tmp, files.manifest, manifest);
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, files.manifest))) throw new Error(`could not store release ${digest}`);
  }
  return { dir, digest, manifest, cached: false };
}
