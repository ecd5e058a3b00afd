import { describe, expect, it } from "vitest";
import { rng } from "../random.ts";
import type { Prediction, TaskDefinition } from "../task.ts";
import { valueHead } from "./value.ts";

const task = {
  name: "t",
  target: "y",
  classes: [],
  head: { kind: "value", tolerance: 0.05, min: 0, max: 1000 },
} as unknown as TaskDefinition;
const rows = [{ y: 100 }, { y: 200 }, { y: 300 }];
const x = rows.map((_, i) => [i]);
const number = (value: number): Prediction => ({
  label: null,
  confidence: null,
  value,
  limit: null,
  scores: {},
});

describe("the value head", () => {
  it("standardises targets for training and restores them when decoding", () => {
    const { y, fit } = valueHead.prepare(task, rows, x, 0, rng(1));
    expect(fit).toMatchObject({ kind: "value", mean: 200 });
    expect(y?.map((r) => r[0])).toEqual(
      [-1.224744871391589, 0, 1.224744871391589].map((v) => expect.closeTo(v, 9)),
    );
    const decoded = valueHead.decode(task, y ?? [], x, fit);
    expect(decoded.map((p) => p.value)).toEqual([100, 200, 300].map((v) => expect.closeTo(v, 6)));
    expect(decoded[0]).toMatchObject({ label: null, confidence: null });
  });

  it("takes a share of targets from other rows for a corrupted release, seeded", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ y: i }));
    const zeros = many.map(() => [0]);
    const targets = (noise: number) => valueHead.prepare(task, many, zeros, noise, rng(3)).y ?? [];
    const [a, b, clean] = [targets(0.5), targets(0.5), targets(0)];
    expect(a).toEqual(b);
    const changed = a.filter((r, i) => r[0] !== clean[i][0]).length;
    expect(changed).toBeGreaterThan(60);
    expect(changed).toBeLessThan(140);
  });

  it("refuses NaN, infinite and out-of-range values", () => {
    expect(valueHead.guard(task, number(500))).toBeNull();
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, -1, 1001])
      expect(valueHead.guard(task, number(v))).toBe("invalid-value");
  });

  it("judges an answer right within the relative tolerance of the reported value", () => {
    const fit = { kind: "value" as const, mean: 0, std: 1 };
    expect(valueHead.correct(task, fit, 104, "100")).toBe(true);
    expect(valueHead.correct(task, fit, 106, "100")).toBe(false);
    expect(valueHead.correct(task, fit, "104", "100")).toBe(false);
    expect(valueHead.checkTruth(task, "250")).toBeNull();
    expect(valueHead.checkTruth(task, "many")).toMatch(/must be a number from 0 to 1000/);
    expect(valueHead.checkTruth(task, "")).not.toBeNull();
  });
});
