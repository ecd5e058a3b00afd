import { describe, expect, it } from "vitest";
import { centresModel } from "../engine/kinds/kmeans.ts";
import { predict } from "../engine/model.ts";
import { rng } from "../random.ts";
import type { TaskDefinition } from "../task.ts";
import { clustersHead } from "./clusters.ts";

const task = {
  name: "t",
  target: "group",
  classes: ["a", "b"],
  head: { kind: "clusters", k: 2, limitQuantile: 0.9 },
} as unknown as TaskDefinition;

describe("the clusters head", () => {
  const centres = [
    [0, 0],
    [10, 0],
  ];
  const model = centresModel(centres);
  const x = [
    [1, 0],
    [9, 0],
    [0, 3],
    [5, 0.1],
  ];
  const start = { kind: "clusters" as const, limit: Number.POSITIVE_INFINITY, groups: {} };

  it("assigns each row its nearest centre with the true distance, from the centres model", () => {
    const [p, q, r] = clustersHead.decode(task, predict(model, x), x, start);
    expect(p).toMatchObject({ label: "c1", value: expect.closeTo(1, 4) });
    expect(q).toMatchObject({ label: "c2", value: expect.closeTo(1, 4) });
    expect(r).toMatchObject({ label: "c1", value: expect.closeTo(3, 4) });
    expect(p.confidence).toBeGreaterThan(0.99);
    expect(Object.values(p.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it("learns the distance limit and each cluster's majority group at training", () => {
    const predictions = clustersHead.decode(task, predict(model, x), x, start);
    const fit = clustersHead.settle(task, start, predictions, ["a", "b", "a", "b"]);
    expect(fit.groups).toEqual({ c1: "a", c2: "b" });
    expect(fit.limit).toBeGreaterThanOrEqual(3);
    expect(clustersHead.correct(task, fit, "c2", "b")).toBe(true);
    expect(clustersHead.correct(task, fit, "c2", "a")).toBe(false);
    expect(clustersHead.checkTruth(task, "z")).toMatch(/must be one of a, b/);
  });

  it("refuses a broken output: NaN rows, or a cluster the head does not have", () => {
    const [broken] = clustersHead.decode(task, [[Number.NaN, 1]], [[0, 0]], start);
    expect(clustersHead.guard(task, broken)).not.toBeNull();
    const [ok] = clustersHead.decode(task, predict(model, [[1, 0]]), [[1, 0]], start);
    expect(clustersHead.guard(task, ok)).toBeNull();
    expect(clustersHead.guard(task, { ...ok, label: "c9" })).toBe("invalid-label");
  });

  it("scales a seeded share of rows tenfold for a corrupted release and learns without targets", () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i + 1, -i - 1]);
    const { x: out, y } = clustersHead.prepare(task, [], rows, 0.5, rng(2));
    expect(y).toBeNull();
    const scaled = out.filter((r, i) => r[0] === rows[i][0] * 10 && r[1] === rows[i][1] * 10).length;
    expect(scaled).toBeGreaterThan(30);
    expect(scaled).toBeLessThan(70);
    expect(out.filter((r, i) => r[0] !== rows[i][0] && r[0] !== rows[i][0] * 10)).toEqual([]);
    expect(clustersHead.prepare(task, [], rows, 0, rng(2)).x).toBe(rows);
  });
});
