import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../../random.ts";
import { shuffled } from "../../random.ts";
import type { TrainingData } from "./types.ts";

/**
 * Trains a compiled model epoch by epoch; returns the loss after each. tfjs's own shuffle uses
 * Math.random, so fit runs with shuffle: false and the rows are reshuffled here before every
 * epoch from `random` (one fit call per epoch; Adam's state lives on the model's optimizer and
 * carries over between calls).
 */
export async function fitEpochs(
  model: tf.LayersModel,
  data: TrainingData,
  opts: { epochs: number; batchSize: number },
  random: Rng,
): Promise<number[]> {
  const rows = data.x.map((_, i) => i);
  const loss: number[] = [];
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = shuffled(rows, random);
    const xs = tf.tensor2d(
      order.map((i) => data.x[i]),
      [order.length, data.inputDim],
    );
    const ys = tf.tensor2d(
      order.map((i) => data.y[i]),
      [order.length, data.outputDim],
    );
    try {
      const history = await model.fit(xs, ys, {
        epochs: 1,
        batchSize: opts.batchSize,
        shuffle: false,
        verbose: 0,
      });
      loss.push(Number(history.history.loss[0]));
    } finally {
      xs.dispose();
      ys.dispose();
    }
  }
  // compile() does not take ownership of an optimizer instance, so model.dispose() would leave
  // Adam's slot variables behind: free them now. The model is an inference artefact from here on
  // (as a loaded one is); train again with trainModel rather than calling fit on it.
  model.optimizer.dispose();
  return loss;
}
