import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { OOV_ID } from "../features/transforms/index.ts";
import { Vectorizer } from "../features/vectorizer.ts";
import { headOf } from "../heads/index.ts";
import { infer, type LoadedRelease, vectorize } from "../release/predictor.ts";
import type { TaskDefinition } from "../task.ts";
import { inferenceFault, setInferenceFault } from "./inference.ts";

const rows = [
  { x: 1, city: "a", text: "book a flight" },
  { x: 3, city: "b", text: "book a table" },
  { x: 5, city: "c", text: "cancel a flight" },
  { x: 7, city: "d", text: "cancel the table" },
];
const vectorizer = Vectorizer.fit(
  [
    { field: "x", kind: "standardize" },
    { field: "city", kind: "onehot" },
    { field: "text", kind: "tokens", maxLen: 3, maxVocab: 50 },
  ],
  rows,
);
const width = vectorizer.featureNames().length;
// A softmax over two classes: enough engine to see what the hook does to its answers.
const model = tf.sequential({
  layers: [tf.layers.dense({ units: 2, inputShape: [width], activation: "softmax" })],
});
const release = { vectorizer, model, head: { kind: "classes" } } as unknown as LoadedRelease;
const task = { classes: ["yes", "no"], head: { kind: "classes" } } as unknown as TaskDefinition;
const guard = (p: ReturnType<typeof infer>[number]) => headOf(task).guard(task, p);

const processing = { shift: 1, stretch: 2, drop: 0.5, seed: 1 };
const engine = { mode: "nan" as const, rate: 1, seed: 1 };

afterEach(() => setInferenceFault({ processing: null, engine: null }));

describe("the inference fault hook", () => {
  it("is off by default: vectorize and infer answer as the release does", () => {
    expect(inferenceFault()).toEqual({ processing: null, engine: null });
    expect(vectorize(release, rows)).toEqual(vectorizer.transformMany(rows));
    const [p] = infer(task, release, vectorize(release, rows));
    expect(guard(p)).toBeNull();
  });

  it("processing.skew scales numbers with stale statistics and forgets half the categories and tokens", () => {
    const clean = vectorize(release, rows);
    setInferenceFault({ processing });
    const skewed = vectorize(release, rows);
    // Column 0 is x standardized: the stale mean is one std higher and the std twice as wide.
    for (const [i, v] of skewed.entries()) expect(v[0]).toBeCloseTo((clean[i][0] - 1) / 2, 9);
    const hot = (vs: number[][]) => vs.map((v) => v.slice(1, 5).some((c) => c === 1));
    expect(hot(skewed).filter(Boolean)).toHaveLength(2);
    expect(hot(clean).every(Boolean)).toBe(true);
    const oov = (vs: number[][]) => vs.flatMap((v) => v.slice(5, 8)).filter((id) => id === OOV_ID).length;
    expect(oov(skewed)).toBeGreaterThan(oov(clean));
    // The vectors keep their width and feature names: only the values go wrong.
    expect(skewed[0]).toHaveLength(clean[0].length);
  });

  it("processing.skew picks the same forgotten values for the same seed, and clearing it restores the release's", () => {
    setInferenceFault({ processing });
    const a = vectorize(release, rows);
    setInferenceFault({ processing: null });
    setInferenceFault({ processing });
    expect(vectorize(release, rows)).toEqual(a);
    setInferenceFault({ processing: null });
    expect(vectorize(release, rows)).toEqual(vectorizer.transformMany(rows));
  });

  it("engine.invalid makes the engine emit NaN, out-of-range shares or unknown labels the guard refuses", () => {
    const vectors = vectorize(release, rows);
    setInferenceFault({ engine });
    expect(infer(task, release, vectors).map(guard)).toEqual(Array(4).fill("invalid-confidence"));
    setInferenceFault({ engine: { ...engine, mode: "range" } });
    const ranged = infer(task, release, vectors);
    expect(ranged.every((p) => (p.confidence ?? 0) > 1)).toBe(true);
    setInferenceFault({ engine: { ...engine, mode: "label" } });
    expect(infer(task, release, vectors).map(guard)).toEqual(Array(4).fill("invalid-label"));
  });

  it("engine.invalid corrupts about its rate of answers and leaves processing alone", () => {
    const many = Array.from({ length: 400 }, (_, i) => rows[i % rows.length]);
    const clean = vectorize(release, many);
    setInferenceFault({ engine: { ...engine, rate: 0.3 } });
    expect(vectorize(release, many)).toEqual(clean);
    const bad = infer(task, release, clean).filter((p) => guard(p) !== null).length / many.length;
    expect(bad).toBeGreaterThan(0.22);
    expect(bad).toBeLessThan(0.38);
  });

  it("changes only the stages a patch names", () => {
    setInferenceFault({ processing });
    setInferenceFault({ engine });
    expect(inferenceFault()).toEqual({ processing, engine });
    setInferenceFault({ engine: null });
    expect(inferenceFault()).toEqual({ processing, engine: null });
  });
});
