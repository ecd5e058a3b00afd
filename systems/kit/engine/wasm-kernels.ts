import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/**
 * Sums rows of x into segments: out[s] = sum of x[i] over the i with ids[i] = s, each row being
 * `x.length / ids.length` values. Ids outside [0, numSegments) are dropped, as TensorFlow does.
 */
export function segmentSum(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  numSegments: number,
  out: Float32Array | Int32Array,
): void {
  const inner = ids.length === 0 ? 0 : x.length / ids.length;
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    for (let j = 0; j < inner; j++) out[s * inner + j] += x[i * inner + j];
  }
}

/**
 * Kernels tfjs-backend-wasm 4.22 lacks but training needs, written in plain JS on the backend's
 * own buffers: UnsortedSegmentSum is the gradient of gather, i.e. of an embedding layer, so without
 * it an `embed` model cannot train on WASM. Skipped if the backend ever ships its own.
 */
export function registerWasmKernels(): void {
  if (tf.getKernel(tf.UnsortedSegmentSum, "wasm")) return;
  tf.registerKernel({
    kernelName: tf.UnsortedSegmentSum,
    backendName: "wasm",
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wasm = backend as BackendWasm;
      const { x, segmentIds } = inputs;
      if (!x || !segmentIds) throw new Error("UnsortedSegmentSum needs x and segmentIds");
      const numSegments = Number(attrs?.numSegments);
      const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      const size = shape.reduce((a, b) => a * b, 1);
      const out = x.dtype === "int32" ? new Int32Array(size) : new Float32Array(size);
      const values = wasm.readSync(x.dataId) as Float32Array | Int32Array;
      const ids = wasm.readSync(segmentIds.dataId) as Int32Array | Float32Array;
      segmentSum(values, ids, numSegments, out);
      return wasm.makeOutput(shape, x.dtype === "int32" ? "int32" : "float32", undefined, out);
    },
  });
}
