import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classification } from "../../tasks/classification/task.ts";
import type { MlpSpec } from "../engine/index.ts";
import { digestRows } from "../features/index.ts";
import { initialSplit, trainingOrder } from "../split.ts";
import type { Row, TaskDefinition } from "../task.ts";
import { files, type ReleaseManifest } from "./artifact.ts";
import { infer, type LoadedRelease, loadRelease, vectorize } from "./predictor.ts";
import { type BuiltRelease, buildModelRelease, releaseDigest } from "./train.ts";

// The kit only knows the TaskDefinition shape; the classification task brings real rows.
const task = classification as unknown as TaskDefinition;
const mlp = task.model as MlpSpec;

describe("releaseDigest", () => {
  const data = "a".repeat(64);

  it("is stable for the same task, data and variant", () => {
    expect(releaseDigest(task, data, { seed: 5, epochs: 2 })).toBe(
      releaseDigest(task, data, { seed: 5, epochs: 2 }),
    );
    expect(releaseDigest(task, data)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with the seed, the epochs and the data", () => {
    const base = releaseDigest(task, data);
    const others = [
      releaseDigest(task, data, { seed: task.seed + 1 }),
      releaseDigest(task, data, { epochs: mlp.epochs + 1 }),
      releaseDigest(task, "b".repeat(64)),
    ];
    for (const d of others) expect(d).not.toBe(base);
    expect(new Set(others).size).toBe(others.length);
  });

  it("does not change with a note, nor with a variant that restates the task's own seed and epochs", () => {
    const base = releaseDigest(task, data);
    expect(releaseDigest(task, data, { note: "retrain after the 2014 shift" })).toBe(base);
    expect(releaseDigest(task, data, { seed: task.seed, epochs: mlp.epochs })).toBe(base);
  });

  it("changes with the model spec and the classes of the task", () => {
    const base = releaseDigest(task, data);
    expect(releaseDigest({ ...task, model: { ...mlp, learningRate: 0.1 } }, data)).not.toBe(base);
    expect(releaseDigest({ ...task, classes: [...task.classes, "hail"] }, data)).not.toBe(base);
  });
});

describe("buildModelRelease", () => {
  const variant = { epochs: 2, seed: 5 };
  let cacheDir: string;
  let rows: Row[];
  let first: BuiltRelease;
  let loaded: LoadedRelease | undefined;

  beforeAll(async () => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
    // A small slice keeps training to a few seconds; the code path is the full one.
    rows = trainingOrder(initialSplit(task).train, task).slice(0, 160);
    first = await buildModelRelease(task, rows, { cacheDir, codeVersion: "test-1", variant });
  });

  afterAll(() => {
    loaded?.model.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it("writes model/, pipeline.json, reference.json and release.json under its digest", () => {
    expect(first.cached).toBe(false);
    expect(first.digest).toBe(releaseDigest(task, digestRows(rows), variant));
    expect(first.dir).toBe(path.join(cacheDir, "releases", first.digest));
    for (const f of ["model.json", "weights.bin", "metadata.json"]) {
      expect(fs.existsSync(path.join(first.dir, files.model, f)), f).toBe(true);
    }
    for (const f of [files.pipeline, files.reference, files.manifest]) {
      expect(fs.existsSync(path.join(first.dir, f)), f).toBe(true);
    }
    // The temp build dir was renamed into place, not left behind.
    expect(fs.readdirSync(path.join(cacheDir, "releases"))).toEqual([first.digest]);
  });

  it("records its lineage: code version, data digest, the variant's params and training metrics", () => {
    const m: ReleaseManifest = JSON.parse(fs.readFileSync(path.join(first.dir, files.manifest), "utf8"));
    expect(m).toEqual(first.manifest);
    expect(m.digest).toBe(first.digest);
    expect(m.classes).toEqual([...task.classes]);
    expect(m.lineage.codeVersion).toBe("test-1");
    expect(m.lineage.dataDigest).toBe(digestRows(rows));
    expect(m.lineage.params).toMatchObject({ seed: 5, rows: rows.length, model: { epochs: 2 } });
    const acc = m.lineage.metrics.trainAccuracy;
    expect(acc).toBeGreaterThanOrEqual(0);
    expect(acc).toBeLessThanOrEqual(1);
    expect(Number.isFinite(m.lineage.metrics.finalLoss)).toBe(true);
  });

  it("reuses the cached release the second time, with the same digest", async () => {
    const again = await buildModelRelease(task, rows, { cacheDir, codeVersion: "test-2", variant });
    expect(again.cached).toBe(true);
    expect(again.digest).toBe(first.digest);
    expect(again.dir).toBe(first.dir);
    expect(again.manifest).toEqual(first.manifest);
  });

  it("keeps training references of inputs, vectors and outputs", () => {
    const refs = JSON.parse(fs.readFileSync(path.join(first.dir, files.reference), "utf8"));
    expect(Object.keys(refs.inputs).sort()).toEqual([...task.modelFields].sort());
    expect(Object.keys(refs.vectors).length).toBeGreaterThan(task.modelFields.length);
    expect(refs.outputs.label.kind).toBe("categorical");
    expect(refs.outputs.confidence.kind).toBe("numeric");
  });

  it("loads into a predictor whose labels are task classes and whose confidences lie in [0, 1]", async () => {
    loaded = await loadRelease(first.dir);
    expect(loaded.manifest).toEqual(first.manifest);
    const requests = rows.slice(0, 25).map((r, i) => task.toRequest(r, i));
    const predictions = infer(task, loaded, vectorize(loaded, requests));
    expect(predictions).toHaveLength(requests.length);
    for (const p of predictions) {
      expect(task.classes).toContain(p.label);
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
      expect(p.confidence).toBe(Math.max(...Object.values(p.scores)));
      expect(Object.keys(p.scores)).toEqual([...task.classes]);
      const sum = Object.values(p.scores).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 4);
    }
    expect(infer(task, loaded, [])).toEqual([]);
  });
});
