import type * as tf from "@tensorflow/tfjs";
import type { z } from "zod";

/** Checked, rectangular, finite training data. */
export interface TrainingData {
  x: number[][];
  /** Targets; empty rows ([]) for a kind that learns without them (k-means). */
  y: number[][];
  inputDim: number;
  outputDim: number;
}

export interface Trained {
  model: tf.LayersModel;
  /** Training loss after each epoch, in order. */
  loss: number[];
}

/**
 * One kind of model (mlp, kmeans): its spec schema and how to train it.
 * The backend is already initialised and the data already validated when train is called.
 */
export interface ModelKind<S extends { kind: string }> {
  kind: S["kind"];
  schema: z.ZodType<S>;
  train(spec: S, data: TrainingData, seed: number): Promise<Trained>;
}
