import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneHotLabels, Vectorizer } from "../../features/vectorizer.ts";
import { currentBackend } from "../backend.ts";
import { EngineError, EngineInputError } from "../errors.ts";
import { loadModel, saveModel } from "../io.ts";
import { type EmbedSpec, parseModelSpec, predict, trainModel } from "../model.ts";
import { argmax, intentTexts } from "../synthetic.ts";

const maxLen = 8;
const spec: EmbedSpec = {
  kind: "embed",
  vocabSize: 100,
  maxLen,
  dim: 16,
  hidden: [16],
  epochs: 20,
  batchSize: 8,
  learningRate: 0.02,
  dropout: 0.1,
};

// 3 intents x 20 sentences to train on; held out: other draws, with cities training never saw,
// minus any sentence that also occurs in training.
const train = intentTexts(20, 1);
const heldOutAll = intentTexts(20, 2, ["madrid", "rome", "oslo"]);
const seen = new Set(train.texts);
const heldOut = heldOutAll.texts
  .map((text, i) => ({ text, label: heldOutAll.labels[i] }))
  .filter((r) => !seen.has(r.text));

const vectorizer = Vectorizer.fit(
  [{ field: "text", kind: "tokens", maxLen, maxVocab: spec.vocabSize }],
  train.texts.map((text) => ({ text })),
);
const x = vectorizer.transformMany(train.texts.map((text) => ({ text })));
const y = oneHotLabels(train.labels, train.classes);
const xHeld = vectorizer.transformMany(heldOut.map((r) => ({ text: r.text })));

function accuracy(rows: number[][], labels: string[]): number {
  return argmax(rows).filter((p, i) => train.classes[p] === labels[i]).length / labels.length;
}

describe("embed model kind", () => {
  let trained: { model: tf.LayersModel; loss: number[] };
  let seconds = 0;
  beforeAll(async () => {
    const start = performance.now();
    trained = await trainModel(spec, x, y, 7);
    seconds = (performance.now() - start) / 1000;
  });
  afterAll(() => trained.model.dispose());

  it("trains on the wasm backend and reads the vectorizer's rows, oov share included", () => {
    expect(currentBackend()).toBe("wasm");
    expect(vectorizer.featureNames()).toHaveLength(maxLen + 1);
    expect(trained.model.inputs[0].shape).toEqual([null, maxLen + 1]);
    expect(trained.model.getLayer("output").getConfig().units).toBe(3);
  });

  it("learns three synthetic intents and classifies unseen held-out sentences at 0.9 or better", () => {
    const held = accuracy(
      predict(trained.model, xHeld),
      heldOut.map((r) => r.label),
    );
    // Measured (4 vitest runs): 49 held-out, accuracy 1.000, loss 1.065 -> 0.0003, 1.6-4.2 s of
    // training including WASM start-up, on 2 cores shared with other runs (load 2-10); also 1.000
    // for data and training seeds 1-8 at 15 and 30 epochs (a one-off sweep). The floor 0.9 is under.
    console.info(
      `embed: ${heldOut.length} held-out, accuracy ${held.toFixed(3)}, ` +
        `loss ${trained.loss[0].toFixed(3)} -> ${trained.loss.at(-1)?.toFixed(4)}, trained in ${seconds.toFixed(2)} s`,
    );
    expect(heldOut.length).toBeGreaterThanOrEqual(30);
    expect(trained.loss).toHaveLength(spec.epochs);
    expect(trained.loss.at(-1)).toBeLessThan(trained.loss[0]);
    expect(held).toBeGreaterThanOrEqual(0.9);
  });

  it("reads only the first maxLen columns: the oov share does not move the answer", () => {
    const changed = xHeld.map((row) => [...row.slice(0, maxLen), 0.987]);
    expect(predict(trained.model, changed)).toEqual(predict(trained.model, xHeld));
  });

  it("predicts the same numbers after saving to a directory and loading back", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-embed-"));
    try {
      await saveModel(trained.model, dir, { spec, seed: 7, dataDigest: "test", backend: "wasm" });
      const loaded = await loadModel(dir);
      expect(loaded.metadata.spec).toEqual(spec);
      expect(predict(loaded.model, xHeld)).toEqual(predict(trained.model, xHeld));
      loaded.model.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("embed training", () => {
  const short = { ...spec, epochs: 3 };

  it("gives identical predictions and losses for the same seed, and other weights for another seed", async () => {
    const a = await trainModel(short, x, y, 11);
    const b = await trainModel(short, x, y, 11);
    const c = await trainModel(short, x, y, 12);
    expect(b.loss).toEqual(a.loss);
    expect(predict(b.model, xHeld)).toEqual(predict(a.model, xHeld));
    expect(predict(c.model, xHeld)).not.toEqual(predict(a.model, xHeld));
    for (const m of [a, b, c]) m.model.dispose();
  });

  it("applies dropout while training only, drawing it from the seed", async () => {
    const withDrop = await trainModel({ ...short, dropout: 0.5 }, x, y, 11);
    const without = await trainModel({ ...short, dropout: undefined }, x, y, 11);
    // Same initial weights (layer seeds do not depend on dropout), so only dropout separates the losses.
    expect(withDrop.loss[0]).not.toBe(without.loss[0]);
    expect(predict(withDrop.model, xHeld)).toEqual(predict(withDrop.model, xHeld));
    expect(without.model.layers.map((l) => l.name)).toEqual([
      "columns",
      "ids_only",
      "ids",
      "embedding",
      "pool",
      "hidden_1",
      "output",
    ]);
    for (const m of [withDrop, without]) m.model.dispose();
  });

  it("takes x of exactly maxLen columns without the cropping layers", async () => {
    const ids = x.map((row) => row.slice(0, maxLen));
    const { model } = await trainModel({ ...short, dropout: undefined }, ids, y, 3);
    expect(model.layers[0].name).toBe("embedding");
    expect(predict(model, ids.slice(0, 2))).toHaveLength(2);
    model.dispose();
  });

  it("leaves only the model's weights behind, which dispose frees", async () => {
    (await trainModel({ ...short, epochs: 1 }, x, y, 1)).model.dispose(); // warm up backend state
    const before = tf.memory().numTensors;
    const { model } = await trainModel(short, x, y, 1);
    expect(tf.memory().numTensors - before).toBe(model.getWeights().length);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses ids outside the vocabulary and x narrower than maxLen, naming where", async () => {
    const bad = x.map((row) => [...row]);
    bad[4][2] = spec.vocabSize + 2;
    await expect(trainModel(spec, bad, y, 1)).rejects.toThrow(
      /x\[4\]\[2\] is 102, expected a token id 0\.\.101/,
    );
    bad[4][2] = 2.5;
    await expect(trainModel(spec, bad, y, 1)).rejects.toBeInstanceOf(EngineInputError);
    await expect(trainModel({ ...spec, maxLen: 20 }, x, y, 1)).rejects.toThrow(
      /20 token ids.*only 9 columns/,
    );
    await expect(trainModel(spec, x, null, 1)).rejects.toThrow(/needs targets/);
  });

  it("rejects a spec with a bad field, naming the field", () => {
    expect(() => parseModelSpec({ ...spec, dropout: 1 })).toThrow(/dropout/);
    expect(() => parseModelSpec({ ...spec, vocabSize: 0 })).toThrow(/vocabSize/);
    expect(() => parseModelSpec({ ...spec, hidden: [8, 0] })).toThrow(/hidden\.1/);
    expect(() => parseModelSpec({ ...spec, activation: "relu" })).toThrow(EngineError);
    expect(parseModelSpec({ ...spec, dropout: undefined })).toMatchObject({ kind: "embed", dim: 16 });
  });
});
