import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { rng } from "../../random.ts";
import { EngineInputError } from "../errors.ts";
import { fitEpochs } from "./epochs.ts";
import { SeededDropout } from "./seeded-dropout.ts";
import type { ModelKind, Trained, TrainingData } from "./types.ts";

/**
 * A text classifier over token ids: embedding -> average over positions -> dense relu layers ->
 * softmax. Its input is the first maxLen columns of x, the ids the features' `tokens` transform
 * writes (0 padding, 1 out of vocabulary, 2.. the vocabulary); any later columns, like the tokens
 * transform's own `:oov` share, are accepted and ignored, so the tokens transform must come first
 * in the task's features.
 */
export interface EmbedSpec {
  kind: "embed";
  /** The features' maxVocab: ids run 0..vocabSize+1. */
  vocabSize: number;
  maxLen: number;
  /** Embedding width. */
  dim: number;
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Dropout rate after the pooled embedding and after each hidden layer; none when absent or 0. */
  dropout?: number;
}

export const embedSpecSchema: z.ZodType<EmbedSpec> = z.strictObject({
  kind: z.literal("embed"),
  vocabSize: z.int().positive(),
  maxLen: z.int().positive(),
  dim: z.int().positive(),
  hidden: z.array(z.int().positive()),
  epochs: z.int().positive(),
  batchSize: z.int().positive(),
  learningRate: z.number().positive().finite(),
  dropout: z.number().min(0).lt(1).optional(),
});

/** Seeds for every seeded layer, derived from the trial seed so each differs. */
function layerSeeds(seed: number, count: number): number[] {
  const random = rng(`${seed}:embed:init`);
  return Array.from({ length: count }, () => Math.floor(random() * 2 ** 31));
}

/**
 * The network for x of width inputDim >= maxLen. Extra columns are cut off inside the model (with
 * built-in layers only, so it saves and loads anywhere), and predict() takes the vectorizer's rows.
 */
export function buildEmbed(
  spec: EmbedSpec,
  inputDim: number,
  outputDim: number,
  seed: number,
): tf.Sequential {
  checkWidth(spec, inputDim);
  const dropout = spec.dropout ?? 0;
  const seeds = layerSeeds(seed, 2 * (spec.hidden.length + 2));
  let next = 0;
  const model = tf.sequential();
  const extra = inputDim - spec.maxLen;
  if (extra > 0) {
    // tfjs has no cropping1D: crop the columns as the rows of a [inputDim, 1, 1] image.
    model.add(tf.layers.reshape({ name: "columns", targetShape: [inputDim, 1, 1], inputShape: [inputDim] }));
    model.add(
      tf.layers.cropping2D({
        name: "ids_only",
        cropping: [
          [0, extra],
          [0, 0],
        ],
      }),
    );
    model.add(tf.layers.reshape({ name: "ids", targetShape: [spec.maxLen] }));
  }
  model.add(
    tf.layers.embedding({
      name: "embedding",
      inputDim: spec.vocabSize + 2,
      outputDim: spec.dim,
      inputLength: spec.maxLen,
      // Keras's default for embeddings, seeded.
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: seeds[next++],
      }),
    }),
  );
  model.add(tf.layers.globalAveragePooling1d({ name: "pool" }));
  const drop = (i: number) => {
    const s = seeds[next++];
    if (dropout > 0) model.add(new SeededDropout({ name: `dropout_${i}`, rate: dropout, seed: s }));
  };
  drop(0);
  spec.hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        name: `hidden_${i + 1}`,
        units,
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed: seeds[next++] }),
        biasInitializer: "zeros",
      }),
    );
    drop(i + 1);
  });
  model.add(
    tf.layers.dense({
      name: "output",
      units: outputDim,
      activation: "softmax",
      kernelInitializer: tf.initializers.glorotUniform({ seed: seeds[next++] }),
      biasInitializer: "zeros",
    }),
  );
  model.compile({ optimizer: tf.train.adam(spec.learningRate), loss: "categoricalCrossentropy" });
  return model;
}

function checkWidth(spec: EmbedSpec, inputDim: number): void {
  if (inputDim < spec.maxLen)
    throw new EngineInputError(`embed reads ${spec.maxLen} token ids but x has only ${inputDim} columns`);
}

/** Token ids must be whole numbers the embedding has rows for; anything else is a features mismatch. */
function checkIds(spec: EmbedSpec, x: number[][]): void {
  const top = spec.vocabSize + 1;
  x.forEach((row, r) => {
    for (let c = 0; c < spec.maxLen; c++) {
      const v = row[c];
      if (!Number.isInteger(v) || v < 0 || v > top) {
        throw new EngineInputError(
          `x[${r}][${c}] is ${v}, expected a token id 0..${top} (vocabSize ${spec.vocabSize}); ` +
            "is the tokens transform first in the features, with maxVocab <= vocabSize?",
        );
      }
    }
  });
}

async function train(spec: EmbedSpec, data: TrainingData, seed: number): Promise<Trained> {
  // Checked before any tensor exists, so a refusal leaks nothing.
  checkWidth(spec, data.inputDim);
  checkIds(spec, data.x);
  const model = buildEmbed(spec, data.inputDim, data.outputDim, seed);
  const loss = await fitEpochs(model, data, spec, rng(`${seed}:embed:shuffle`));
  return { model, loss };
}

export const embed: ModelKind<EmbedSpec> = { kind: "embed", schema: embedSpecSchema, train };
