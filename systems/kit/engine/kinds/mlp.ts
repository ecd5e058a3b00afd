import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { rng } from "../../random.ts";
import { fitEpochs } from "./epochs.ts";
import type { ModelKind, Trained, TrainingData } from "./types.ts";

export interface MlpSpec {
  kind: "mlp";
  hidden: number[];
  activation: "relu" | "tanh";
  output: "softmax" | "linear";
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2?: number;
}

export const mlpSpecSchema: z.ZodType<MlpSpec> = z.strictObject({
  kind: z.literal("mlp"),
  hidden: z.array(z.int().positive()),
  activation: z.enum(["relu", "tanh"]),
  output: z.enum(["softmax", "linear"]),
  epochs: z.int().positive(),
  batchSize: z.int().positive(),
  learningRate: z.number().positive().finite(),
  l2: z.number().nonnegative().finite().optional(),
});

/** Seeds for the layers' initializers, derived from the trial seed so every layer differs. */
function layerSeeds(seed: number, count: number): number[] {
  const random = rng(`${seed}:mlp:init`);
  return Array.from({ length: count }, () => Math.floor(random() * 2 ** 31));
}

export function buildMlp(spec: MlpSpec, inputDim: number, outputDim: number, seed: number): tf.Sequential {
  const sizes = [...spec.hidden, outputDim];
  const seeds = layerSeeds(seed, sizes.length);
  const regularizer = spec.l2 ? tf.regularizers.l2({ l2: spec.l2 }) : undefined;
  const model = tf.sequential();
  sizes.forEach((units, i) => {
    const last = i === sizes.length - 1;
    model.add(
      tf.layers.dense({
        // Stable names make saved topologies readable and comparable across runs.
        name: last ? "output" : `hidden_${i + 1}`,
        units,
        inputShape: i === 0 ? [inputDim] : undefined,
        activation: last ? spec.output : spec.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seeds[i] }),
        biasInitializer: "zeros",
        kernelRegularizer: regularizer,
      }),
    );
  });
  model.compile({
    optimizer: tf.train.adam(spec.learningRate),
    loss: spec.output === "softmax" ? "categoricalCrossentropy" : "meanSquaredError",
  });
  return model;
}

/** Seeded like every kind: initializers from the seed, and the per-epoch row order (fitEpochs). */
async function train(spec: MlpSpec, data: TrainingData, seed: number): Promise<Trained> {
  const model = buildMlp(spec, data.inputDim, data.outputDim, seed);
  const loss = await fitEpochs(model, data, spec, rng(`${seed}:mlp:shuffle`));
  return { model, loss };
}

export const mlp: ModelKind<MlpSpec> = { kind: "mlp", schema: mlpSpecSchema, train };
