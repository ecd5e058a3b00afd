import { describe, expect, it } from "vitest";
import { validate } from "../../systems/kit/features/contract.ts";
import { initialSplit, periodRows } from "../../systems/kit/split.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { classification } from "../../systems/tasks/classification/task.ts";
import type { TimelineContext } from "../faults/types.ts";
import { buildTimeline, mixProbability, type ScheduledFault, TimelineError } from "./timeline.ts";

const task = classification as unknown as TaskDefinition;
const ctx: TimelineContext = {
  task,
  initial: initialSplit(task).heldOut,
  later: periodRows(task, task.periods.later[0]),
  requests: 400,
  seed: 11,
};
const fault = (type: string, at: number, width = 0, params: unknown = {}): ScheduledFault => ({
  type,
  params,
  at,
  width,
});

describe("mixProbability", () => {
  it("is one half at the position of a gradual change and a sigmoid around it", () => {
    expect(mixProbability(100, 100, 40)).toBe(0.5);
    expect(mixProbability(80, 100, 40)).toBeCloseTo(1 / (1 + Math.exp(2)), 12);
    expect(mixProbability(0, 100, 40)).toBeLessThan(0.001);
    expect(mixProbability(200, 100, 40)).toBeGreaterThan(0.999);
    expect(mixProbability(99, 100, 40)).toBeLessThan(mixProbability(101, 100, 40));
  });

  it("is a step at the position when the width is zero", () => {
    expect([99, 99.9, 100, 101].map((i) => mixProbability(i, 100, 0))).toEqual([0, 0, 1, 1]);
  });
});

describe("buildTimeline", () => {
  it("builds the same timeline from the same seed, and another from another seed", () => {
    const faults = [
      fault("trend.covariate", 0.3, 0.2),
      fault("schema.nulls", 0.6),
      fault("release.model", 0.8),
    ];
    const a = buildTimeline(ctx, faults, 20);
    expect(buildTimeline(ctx, faults, 20)).toEqual(a);
    expect(buildTimeline({ ...ctx, seed: 12 }, faults, 20).requests).not.toEqual(a.requests);
  });

  it("plans steady traffic from initial rows at the rate, with true labels and no affected request", () => {
    const t = buildTimeline(ctx, [], 20);
    expect(t.requests).toHaveLength(400);
    expect(t.requests[3].atMs).toBe(150);
    expect(t.injectionRequest).toBe(400);
    expect(t.systemEvents).toEqual([]);
    for (const r of t.requests) {
      expect(r.affected).toEqual([]);
      expect(task.classes).toContain(r.label);
      expect(validate(task.contract, r.payload).ok).toBe(true);
    }
    // Uniform with replacement: the draws spread over most of the steady rows.
    expect(new Set(t.requests.map((r) => JSON.stringify(r.payload))).size).toBeGreaterThan(200);
  });

  it("keeps the steady draws unchanged before an abrupt fault is added", () => {
    const steady = buildTimeline(ctx, [], 10).requests;
    const faulted = buildTimeline(ctx, [fault("trend.covariate", 0.5)], 10).requests;
    expect(faulted.slice(0, 200)).toEqual(steady.slice(0, 200));
    expect(faulted.slice(200)).not.toEqual(steady.slice(200));
  });

  it("applies an abrupt payload fault to every request from its position on and to none before", () => {
    const t = buildTimeline(ctx, [fault("schema.rename", 0.25)], 10);
    expect(t.injectionRequest).toBe(100);
    for (const r of t.requests) {
      expect("location_v2" in r.payload).toBe(r.i >= 100);
      expect(r.affected).toEqual(r.i >= 100 ? ["schema.rename"] : []);
    }
  });

  it("mixes a gradual data fault in around its position", () => {
    const t = buildTimeline({ ...ctx, requests: 2000 }, [fault("trend.prior", 0.5, 0.2)], 10);
    const rate = (from: number, to: number) =>
      t.requests.slice(from, to).filter((r) => r.affected.includes("trend.prior")).length / (to - from);
    expect(rate(0, 500)).toBeLessThan(0.05);
    expect(rate(950, 1050)).toBeGreaterThan(0.3);
    expect(rate(950, 1050)).toBeLessThan(0.7);
    expect(rate(1500, 2000)).toBeGreaterThan(0.95);
    const rain = t.requests.slice(1500).filter((r) => r.label === "rain").length / 500;
    expect(rain).toBeGreaterThan(0.7);
  });

  it("lists every fault that changed a request, data first then payload", () => {
    const t = buildTimeline(ctx, [fault("schema.encoding", 0.5), fault("trend.concept", 0.1)], 10);
    expect(t.injectionRequest).toBe(40);
    expect(t.requests[39].affected).toEqual([]);
    expect(t.requests[40].affected).toEqual(["trend.concept"]);
    expect(t.requests[399].affected).toEqual(["trend.concept", "schema.encoding"]);
  });

  it("turns system faults into events at their request with parsed params", () => {
    const t = buildTimeline(
      ctx,
      [fault("infra.db", 0.333, 0, { delayMs: 50 }), fault("release.logic", 0.9)],
      10,
    );
    expect(t.systemEvents).toEqual([
      { type: "infra.db", params: { delayMs: 50, failRate: 0 }, atRequest: 133 },
      { type: "release.logic", params: { regression: "default" }, atRequest: 360 },
    ]);
    expect(t.injectionRequest).toBe(133);
    expect(t.requests.every((r) => r.affected.length === 0)).toBe(true);
  });

  it("refuses invalid params naming the fault's entry and the key", () => {
    expect(() =>
      buildTimeline(ctx, [fault("schema.drop", 0.1), fault("infra.db", 0.5, 0, { delayMs: -1 })], 10),
    ).toThrow(/faults\[1\]\.params\.delayMs/);
    expect(() => buildTimeline(ctx, [fault("schema.nulls", 0.5, 0, { fraction: 0.2, oops: 1 })], 10)).toThrow(
      /faults\[0\]\.params.*oops/,
    );
    expect(() => buildTimeline(ctx, [fault("trend.prior", 0.5, 0, { label: "hail" })], 10)).toThrow(
      /faults\[0\]\.params \(trend\.prior\): .*'hail'/,
    );
  });

  it("refuses an unknown fault, a position outside 0..1 and a rate that is not positive", () => {
    expect(() => buildTimeline(ctx, [fault("trend.sideways", 0.5)], 10)).toThrow(TimelineError);
    expect(() => buildTimeline(ctx, [fault("trend.sideways", 0.5)], 10)).toThrow(
      /faults\[0\]\.type: .*known/,
    );
    expect(() => buildTimeline(ctx, [fault("schema.drop", 1.5)], 10)).toThrow(/faults\[0\]\.at/);
    expect(() => buildTimeline(ctx, [], 0)).toThrow(/rate/);
  });
});
