import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { initBackend } from "./backend.ts";
import { EngineInputError } from "./errors.ts";
import {
  embedSpecSchema,
  kmeansSpecSchema,
  type ModelSpec,
  mlpSpecSchema,
  modelKind,
  modelKindNames,
} from "./kinds/index.ts";

export type { EmbedSpec, MlpSpec, ModelSpec } from "./kinds/index.ts";

/** Validates any model spec (one member per kind; a later kind joins the union). */
export const modelSpecSchema: z.ZodType<ModelSpec> = z.union([
  mlpSpecSchema,
  kmeansSpecSchema,
  embedSpecSchema,
]);

/** Checks a spec from config or YAML, naming the offending field on failure. */
export function parseModelSpec(value: unknown): ModelSpec {
  // Parse against the named kind's own schema, so a bad field is named rather than "no union member".
  const kind = (value as { kind?: unknown } | null)?.kind;
  const known = typeof kind === "string" && modelKindNames.includes(kind);
  const result = (known ? modelKind(kind).schema : modelSpecSchema).safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(spec)"}: ${i.message}`);
    throw new EngineInputError(`invalid model spec: ${issues.join("; ")}`);
  }
  return result.data;
}

/** Ensures a matrix is non-empty, rectangular and finite; returns its column count. */
export function checkMatrix(name: string, rows: number[][], columns?: number): number {
  if (!Array.isArray(rows) || rows.length === 0) throw new EngineInputError(`${name} has no rows`);
  const width = columns ?? rows[0]?.length;
  if (!width) throw new EngineInputError(`${name} row 0 has no columns`);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new EngineInputError(
        `${name} row ${r} has ${Array.isArray(row) ? row.length : "no"} columns, expected ${width}`,
      );
    }
    row.forEach((v, c) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new EngineInputError(`${name}[${r}][${c}] is ${String(v)}, expected a finite number`);
      }
    });
  });
  return width;
}

/**
 * Trains a model of spec.kind on x -> y. Same seed, data and backend give the same model:
 * initializers and the per-epoch row order are derived from the seed, never Math.random.
 */
export async function trainModel(
  spec: ModelSpec,
  x: number[][],
  y: number[][] | null,
  seed: number,
): Promise<{ model: tf.LayersModel; loss: number[] }> {
  const checked = parseModelSpec(spec);
  if (!Number.isInteger(seed)) throw new EngineInputError(`seed must be an integer, got ${seed}`);
  const inputDim = checkMatrix("x", x);
  // Unsupervised kinds learn from x alone; every other kind needs targets row for row.
  if (y === null && checked.kind !== "kmeans")
    throw new EngineInputError(`model kind ${checked.kind} needs targets (y)`);
  const outputDim = y === null ? 0 : checkMatrix("y", y);
  if (y !== null && x.length !== y.length) {
    throw new EngineInputError(`x has ${x.length} rows but y has ${y.length}`);
  }
  await initBackend();
  return modelKind(checked.kind).train(checked, { x, y: y ?? [], inputDim, outputDim }, seed);
}

/** Runs the model on x synchronously; every intermediate tensor is freed. Empty x gives []. */
export function predict(model: tf.LayersModel, x: number[][]): number[][] {
  if (Array.isArray(x) && x.length === 0) return [];
  const inputDim = model.inputs[0]?.shape[1];
  const width = checkMatrix("x", x, typeof inputDim === "number" ? inputDim : undefined);
  // dataSync inside tidy: the input, output and any intermediate tensors are all released here.
  return tf.tidy(() => {
    const out = model.predict(tf.tensor2d(x, [x.length, width]));
    if (Array.isArray(out)) throw new EngineInputError("model has several outputs; predict expects one");
    const flat = out.dataSync();
    const outputDim = out.shape[1] ?? 1;
    const rows: number[][] = [];
    for (let r = 0; r < x.length; r++)
      rows.push(Array.from(flat.subarray(r * outputDim, (r + 1) * outputDim)));
    return rows;
  });
}
