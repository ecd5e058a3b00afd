import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { currentBackend, initBackend } from "./backend.ts";

describe("initBackend", () => {
  it("falls back to wasm when tfjs-node is not installed", async () => {
    expect(await initBackend()).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(currentBackend()).toBe("wasm");
  });

  it("returns the same promise on a second call", () => {
    expect(initBackend()).toBe(initBackend());
  });

  it("runs real arithmetic on the chosen backend", async () => {
    await initBackend();
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
    expect(sum).toEqual([4, 6]);
  });
});
