import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { EngineError } from "./errors.ts";
import { type MlpSpec, parseModelSpec, predict, trainModel } from "./model.ts";
import { argmax, blobs } from "./synthetic.ts";

const spec: MlpSpec = {
  kind: "mlp",
  hidden: [8],
  activation: "relu",
  output: "softmax",
  epochs: 20,
  batchSize: 16,
  learningRate: 0.05,
};

function accuracy(predicted: number[][], labels: number[]): number {
  return argmax(predicted).filter((p, i) => p === labels[i]).length / labels.length;
}

function weightsOf(model: tf.LayersModel): number[] {
  return model.getWeights().flatMap((w) => Array.from(w.dataSync()));
}

describe("trainModel", () => {
  const train = blobs(40, 1);
  const test = blobs(20, 2);

  it("learns a separable 3-class problem to high held-out accuracy", async () => {
    const { model, loss } = await trainModel(spec, train.x, train.y, 7);
    expect(loss).toHaveLength(spec.epochs);
    expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
    expect(accuracy(predict(model, test.x), test.labels)).toBeGreaterThanOrEqual(0.95);
    model.dispose();
  });

  it("fits a linear target with a linear output and l2", async () => {
    const x = train.x;
    const y = x.map(([a, b]) => [2 * a - b + 1]);
    const { model, loss } = await trainModel(
      { ...spec, hidden: [], output: "linear", epochs: 60, learningRate: 0.1, l2: 1e-4 },
      x,
      y,
      3,
    );
    const out = predict(model, [[1, 1]]);
    expect(out[0][0]).toBeCloseTo(2, 0);
    expect(loss[loss.length - 1]).toBeLessThan(0.1);
    model.dispose();
  });

  it("gives identical predictions for the same seed and different weights for another seed", async () => {
    const short = { ...spec, epochs: 3 };
    const a = await trainModel(short, train.x, train.y, 11);
    const b = await trainModel(short, train.x, train.y, 11);
    const c = await trainModel(short, train.x, train.y, 12);
    expect(predict(b.model, test.x)).toEqual(predict(a.model, test.x));
    expect(b.loss).toEqual(a.loss);
    expect(weightsOf(c.model)).not.toEqual(weightsOf(a.model));
    for (const m of [a, b, c]) m.model.dispose();
  });

  it("initialises every layer from a different derived seed", async () => {
    // Input 2 and hidden [2, 2] give two 2x2 kernels: one shared seed would make them equal.
    const untrained = { ...spec, hidden: [2, 2], epochs: 1, learningRate: 1e-9 };
    const { model } = await trainModel(untrained, train.x, train.y, 5);
    const [k1, , k2] = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(k1).toHaveLength(4);
    expect(k2).toHaveLength(4);
    expect(k1).not.toEqual(k2);
    model.dispose();
  });

  it("rejects empty, ragged, non-finite and mismatched data with an EngineError", async () => {
    await expect(trainModel(spec, [], [], 1)).rejects.toThrow(/x has no rows/);
    await expect(trainModel(spec, [[1, 2], [3]], [[1], [0]], 1)).rejects.toThrow(/x row 1 has 1 columns/);
    await expect(trainModel(spec, [[1, Number.NaN]], [[1]], 1)).rejects.toThrow(/x\[0\]\[1\] is NaN/);
    await expect(trainModel(spec, [[1, 2]], [[1], [0]], 1)).rejects.toThrow(/1 rows but y has 2/);
    await expect(trainModel(spec, [[1, 2]], [[Infinity]], 1)).rejects.toBeInstanceOf(EngineError);
  });

  it("rejects a spec with a bad field, naming the field", async () => {
    await expect(trainModel({ ...spec, epochs: 0 }, train.x, train.y, 1)).rejects.toThrow(/epochs/);
    expect(() => parseModelSpec({ ...spec, kind: "forest" })).toThrow(EngineError);
    expect(() => parseModelSpec({ ...spec, hidden: [4, 1.5] })).toThrow(/hidden\.1/);
  });
});

describe("trainModel memory", () => {
  it("leaves only the model's weights, which dispose frees", async () => {
    const data = blobs(10, 4);
    (await trainModel({ ...spec, epochs: 1 }, data.x, data.y, 1)).model.dispose(); // warm up backend state
    const before = tf.memory().numTensors;
    const { model } = await trainModel({ ...spec, epochs: 2 }, data.x, data.y, 1);
    expect(tf.memory().numTensors - before).toBe(model.getWeights().length);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("predict", () => {
  it("leaves no tensors behind", async () => {
    const data = blobs(10, 4);
    const { model } = await trainModel({ ...spec, epochs: 1 }, data.x, data.y, 1);
    predict(model, data.x); // warm up any lazily created state
    const before = tf.memory().numTensors;
    const out = predict(model, data.x);
    expect(tf.memory().numTensors).toBe(before);
    expect(out).toHaveLength(data.x.length);
    expect(out[0]).toHaveLength(3);
    expect(out[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });

  it("rejects rows of the wrong width and returns [] for no rows", async () => {
    const data = blobs(5, 4);
    const { model } = await trainModel({ ...spec, epochs: 1 }, data.x, data.y, 1);
    expect(() => predict(model, [[1, 2, 3]])).toThrow(/expected 2/);
    const before = tf.memory().numTensors;
    expect(() => predict(model, [[1, 2, 3]])).toThrow(EngineError);
    expect(tf.memory().numTensors).toBe(before);
    expect(predict(model, [])).toEqual([]);
    model.dispose();
  });
});
