import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EngineError, ModelIoError } from "./errors.ts";
import { fileHandler, loadModel, type ModelMetadata, saveModel } from "./io.ts";
import { type MlpSpec, predict, trainModel } from "./model.ts";
import { blobs } from "./synthetic.ts";

const spec: MlpSpec = {
  kind: "mlp",
  hidden: [6, 4],
  activation: "tanh",
  output: "softmax",
  epochs: 3,
  batchSize: 8,
  learningRate: 0.05,
  l2: 0.001,
};

describe("saveModel and loadModel", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("round-trips predictions and metadata through a directory", async () => {
    const data = blobs(15, 9);
    const { model } = await trainModel(spec, data.x, data.y, 21);
    const metadata: ModelMetadata = {
      spec,
      seed: 21,
      dataDigest: "sha256:abc",
      backend: "wasm",
      accuracy: 0.9,
    };
    const target = path.join(dir, "nested", "release-3");
    await saveModel(model, target, metadata);

    expect(fs.readdirSync(target).sort()).toEqual(["metadata.json", "model.json", "weights.bin"]);
    const json = JSON.parse(fs.readFileSync(path.join(target, "model.json"), "utf8"));
    expect(json.weightsManifest[0].paths).toEqual(["weights.bin"]);
    // 2*6+6 + 6*4+4 + 4*3+3 float32 parameters.
    expect(fs.statSync(path.join(target, "weights.bin")).size).toBe(61 * 4);

    const loaded = await loadModel(target);
    expect(loaded.metadata).toEqual(metadata);
    expect(predict(loaded.model, data.x)).toEqual(predict(model, data.x));
    model.dispose();
    loaded.model.dispose();
  });

  it("works as a plain tfjs IOHandler", async () => {
    const data = blobs(5, 1);
    const { model } = await trainModel({ ...spec, epochs: 1 }, data.x, data.y, 2);
    const result = await model.save(fileHandler(dir));
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(61 * 4);
    const loaded = await tf.loadLayersModel(fileHandler(dir));
    expect(predict(loaded, [[0.5, -0.5]])).toEqual(predict(model, [[0.5, -0.5]]));
    model.dispose();
    loaded.dispose();
  });

  it("fails with a ModelIoError naming the missing file", async () => {
    await expect(loadModel(dir)).rejects.toThrow(ModelIoError);
    await expect(loadModel(dir)).rejects.toThrow(/metadata\.json/);
  });

  it("rejects metadata.json whose spec is invalid", async () => {
    fs.writeFileSync(
      path.join(dir, "metadata.json"),
      JSON.stringify({ spec: { kind: "mlp" }, seed: 1, dataDigest: "x", backend: "wasm" }),
    );
    await expect(loadModel(dir)).rejects.toBeInstanceOf(EngineError);
  });

  it("fails with a ModelIoError when weights.bin is missing", async () => {
    const data = blobs(5, 1);
    const { model } = await trainModel({ ...spec, epochs: 1 }, data.x, data.y, 2);
    await saveModel(model, dir, { spec, seed: 2, dataDigest: "d", backend: "wasm" });
    fs.rmSync(path.join(dir, "weights.bin"));
    await expect(loadModel(dir)).rejects.toThrow(/weights\.bin/);
    model.dispose();
  });
});
