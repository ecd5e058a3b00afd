import { describe, expect, it } from "vitest";
import { predict, trainModel } from "../model.ts";
import { blobs } from "../synthetic.ts";

const spec = { kind: "kmeans" as const, k: 3, iterations: 50, restarts: 3 };

describe("k-means", () => {
  it("finds three well-separated blobs: each blob's rows share one cluster", async () => {
    const data = blobs(60, 5);
    const { model, loss } = await trainModel(spec, data.x, null, 7);
    const assigned = predict(model, data.x).map((r) => r.indexOf(Math.max(...r)));
    for (let c = 0; c < 3; c++) {
      const ids = new Set(assigned.filter((_, i) => data.labels[i] === c));
      expect(ids.size).toBe(1);
    }
    expect(new Set(assigned).size).toBe(3);
    // Lloyd iterations never increase the inertia.
    for (let i = 1; i < loss.length; i++) expect(loss[i]).toBeLessThanOrEqual(loss[i - 1] + 1e-9);
  });

  it("gives the same centres for the same seed", async () => {
    const data = blobs(30, 1);
    const a = await trainModel(spec, data.x, null, 3);
    const b = await trainModel(spec, data.x, null, 3);
    expect(predict(a.model, data.x)).toEqual(predict(b.model, data.x));
  });

  it("rejects fewer rows than clusters and a bad spec field by name", async () => {
    await expect(trainModel({ ...spec, k: 5 }, [[0], [1]], null, 1)).rejects.toThrow(/at least k=5/);
    await expect(trainModel({ ...spec, k: 0 }, [[0], [1]], null, 1)).rejects.toThrow(/k/);
  });
});
