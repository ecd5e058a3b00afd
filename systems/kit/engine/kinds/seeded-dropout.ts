import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Dropout whose masks come from the seed: tfjs's own Dropout either draws from Math.random (no
 * seed) or, given a seed, draws the very same mask on every batch (each draw restarts the seeded
 * generator). This one seeds each training call with `${seed}:${call}`, so masks differ per batch
 * and a run repeats exactly. Outside training it passes its input through, like Dropout.
 *
 * Registered for (de)serialisation below: a saved model that has one loads wherever this module
 * was imported (io.ts imports the model kinds, so loadModel always can).
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = "SeededDropout";
  readonly rate: number;
  readonly seed: number;
  #calls = 0;

  constructor(args: LayerArgs & { rate: number; seed: number }) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1))
      throw new Error(`dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true || this.rate === 0) return x;
    const seed = `${this.seed}:${this.#calls++}`;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(SeededDropout);
