import { describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import { rng } from "../random.ts";
import { AccuracyMonitor } from "./accuracy.ts";
import { AlertSink } from "./alerts.ts";

const make = (expected: number) => {
  const sink = new AlertSink({ receiver: "t", clock: fakeClock(0) });
  const m = new AccuracyMonitor({
    system: "s",
    unit: "u",
    boundary: "feedback",
    release: "r#1",
    expected,
    sink,
  });
  return { sink, m };
};

describe("the accuracy monitor", () => {
  it("stays quiet while users report about the expected share of answers right", () => {
    const { sink, m } = make(0.8);
    const random = rng(1);
    for (let i = 0; i < 2000; i++) m.observe(random() < 0.8);
    expect(sink.all()).toEqual([]);
  });

  it("fires an AccuracyDrop alert when the reported accuracy falls well below, and resolves when it recovers", () => {
    const { sink, m } = make(0.8);
    const random = rng(2);
    for (let i = 0; i < 200; i++) m.observe(random() < 0.5);
    expect(sink.firing().map((a) => a.labels)).toEqual([
      expect.objectContaining({
        alertname: "AccuracyDrop",
        anomaly: "accuracy",
        boundary: "feedback",
        release: "r#1",
      }),
    ]);
    for (let i = 0; i < 200; i++) m.observe(random() < 0.8);
    expect(sink.firing()).toEqual([]);
  });

  it("does not judge before enough outcomes arrived", () => {
    const { sink, m } = make(0.9);
    for (let i = 0; i < 39; i++) m.observe(false);
    expect(sink.all()).toEqual([]);
    m.observe(false);
    expect(sink.firing()).toHaveLength(1);
  });
});
