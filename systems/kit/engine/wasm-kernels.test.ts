import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "./backend.ts";
import { segmentSum } from "./wasm-kernels.ts";

describe("segmentSum", () => {
  it("adds rows into their segments and drops ids outside the range, as TensorFlow does", () => {
    const out = new Float32Array(6);
    segmentSum([1, 2, 3, 4, 5, 6, 7, 8], [2, 0, 2, -1], 3, out);
    expect(Array.from(out)).toEqual([3, 4, 0, 0, 6, 8]);
  });
});

describe("wasm kernels", () => {
  it("give the wasm backend unsortedSegmentSum", async () => {
    expect(await initBackend()).toBe("wasm");
    const sum = tf.tidy(() =>
      tf
        .unsortedSegmentSum(
          tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 2, 2]),
          tf.tensor1d([1, 1, 0], "int32"),
          2,
        )
        .arraySync(),
    );
    expect(sum).toEqual([
      [
        [9, 10],
        [11, 12],
      ],
      [
        [6, 8],
        [10, 12],
      ],
    ]);
  });

  it("let gather, and so an embedding layer, take gradients on wasm", async () => {
    await initBackend();
    const grad = tf.tidy(() => {
      const table = tf.zeros([4, 2]);
      const g = tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d([1, 3, 1], "int32")).sum());
      return g(table).arraySync();
    });
    // Row 1 was gathered twice, row 3 once.
    expect(grad).toEqual([
      [0, 0],
      [2, 2],
      [0, 0],
      [1, 1],
    ]);
  });
});
