import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { rng } from "../../random.ts";
import type { ModelKind, Trained, TrainingData } from "./types.ts";

export interface KmeansSpec {
  kind: "kmeans";
  k: number;
  /** Lloyd iterations per start (stops early when no centre moves). */
  iterations: number;
  /** Seeded k-means++ starts; the one with the lowest inertia is kept. */
  restarts: number;
}

export const kmeansSpecSchema: z.ZodType<KmeansSpec> = z.strictObject({
  kind: z.literal("kmeans"),
  k: z.int().min(1).max(64),
  iterations: z.int().positive(),
  restarts: z.int().positive(),
});

/** Squared distances of every row to every centre, [n, k], from ||x||² - 2x·c + ||c||². */
function squaredDistances(x: tf.Tensor2D, c: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const xx = x.square().sum(1, true);
    const cc = c.square().sum(1).expandDims(0);
    return tf.relu(xx.sub(x.matMul(c, false, true).mul(2)).add(cc)) as tf.Tensor2D;
  });
}

/** k-means++ seeding: each next centre drawn with probability proportional to its squared distance. */
function seedCentres(x: number[][], k: number, random: () => number): number[][] {
  const centres = [x[Math.floor(random() * x.length)]];
  const d2 = (a: number[], b: number[]) => a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0);
  while (centres.length < k) {
    const dist = x.map((row) => Math.min(...centres.map((c) => d2(row, c))));
    const total = dist.reduce((a, b) => a + b, 0);
    let target = random() * total;
    let pick = dist.length - 1;
    for (let i = 0; i < dist.length; i++) {
      target -= dist[i];
      if (target <= 0) {
        pick = i;
        break;
      }
    }
    centres.push(x[pick]);
  }
  return centres.map((c) => [...c]);
}

/** One Lloyd run from seeded centres; returns the centres and the inertia after each iteration. */
function lloyd(
  data: TrainingData,
  spec: KmeansSpec,
  start: number[][],
): { centres: number[][]; loss: number[] } {
  const x = tf.tensor2d(data.x, [data.x.length, data.inputDim]);
  let centres = start;
  const loss: number[] = [];
  try {
    for (let it = 0; it < spec.iterations; it++) {
      const { assign, inertia } = tf.tidy(() => {
        const d = squaredDistances(x, tf.tensor2d(centres, [spec.k, data.inputDim]));
        return { assign: Array.from(d.argMin(1).dataSync()), inertia: d.min(1).sum().dataSync()[0] };
      });
      loss.push(inertia / data.x.length);
      const sums = centres.map(() => new Array<number>(data.inputDim).fill(0));
      const counts = new Array<number>(spec.k).fill(0);
      assign.forEach((c, i) => {
        counts[c]++;
        data.x[i].forEach((v, j) => {
          sums[c][j] += v;
        });
      });
      // An emptied centre stays where it was rather than vanishing: k stays what the spec says.
      const next = sums.map((s, c) => (counts[c] ? s.map((v) => v / counts[c]) : centres[c]));
      const moved = next.some((c, i) => c.some((v, j) => v !== centres[i][j]));
      centres = next;
      if (!moved) break;
    }
  } finally {
    x.dispose();
  }
  return { centres, loss };
}

/**
 * The trained centres as a one-layer model so it saves, loads and serves like any other: output k
 * is 2x·c_k - ||c_k||², which equals ||x||² - ||x - c_k||². Its argmax is the nearest centre, its
 * softmax the soft assignment (||x||² cancels), and the clusters head recovers distances from it.
 */
export function centresModel(centres: number[][]): tf.Sequential {
  const k = centres.length;
  const dim = centres[0].length;
  const model = tf.sequential();
  model.add(tf.layers.dense({ name: "output", units: k, inputShape: [dim], activation: "linear" }));
  const kernel = Array.from({ length: dim }, (_, j) => centres.map((c) => 2 * c[j]));
  const bias = centres.map((c) => -c.reduce((s, v) => s + v * v, 0));
  const weights = [tf.tensor2d(kernel, [dim, k]), tf.tensor1d(bias)];
  model.setWeights(weights);
  for (const w of weights) w.dispose();
  return model;
}

async function train(spec: KmeansSpec, data: TrainingData, seed: number): Promise<Trained> {
  if (data.x.length < spec.k)
    throw new Error(`k-means needs at least k=${spec.k} rows, got ${data.x.length}`);
  const random = rng(`${seed}:kmeans:init`);
  let best: { centres: number[][]; loss: number[] } | null = null;
  for (let r = 0; r < spec.restarts; r++) {
    const run = lloyd(data, spec, seedCentres(data.x, spec.k, random));
    if (!best || (run.loss.at(-1) ?? Infinity) < (best.loss.at(-1) ?? Infinity)) best = run;
  }
  const chosen = best as { centres: number[][]; loss: number[] };
  return { model: centresModel(chosen.centres), loss: chosen.loss };
}

export const kmeans: ModelKind<KmeansSpec> = { kind: "kmeans", schema: kmeansSpecSchema, train };
