import { describe, expect, it } from "vitest";
import { classification } from "../tasks/classification/task.ts";
import { rng, shuffled } from "./random.ts";
import { initialSplit, periodRows, trainingOrder } from "./split.ts";
import type { Row, TaskDefinition } from "./task.ts";

// The kit only knows the TaskDefinition shape; the classification task brings a real dataset.
const task = classification as unknown as TaskDefinition;
const key = (r: Row) => `${r.location}|${r.date}`;

describe("initialSplit", () => {
  it("gives the same split every time", () => {
    const a = initialSplit(task);
    const b = initialSplit(task);
    expect(a.train.map(key)).toEqual(b.train.map(key));
    expect(a.heldOut.map(key)).toEqual(b.heldOut.map(key));
  });

  it("splits the initial period into disjoint parts that cover it exactly", () => {
    const { train, heldOut } = initialSplit(task);
    const period = periodRows(task, task.periods.initial);
    expect(period.length).toBeGreaterThan(1000);
    const trainKeys = new Set(train.map(key));
    expect(trainKeys.size).toBe(train.length);
    expect(heldOut.filter((r) => trainKeys.has(key(r)))).toEqual([]);
    expect(train.length + heldOut.length).toBe(period.length);
    expect(new Set([...train, ...heldOut].map(key))).toEqual(new Set(period.map(key)));
    const { from = "", to = "" } = task.periods.initial;
    for (const r of [...train, ...heldOut]) {
      expect(String(r.date) >= from && String(r.date) <= to, String(r.date)).toBe(true);
    }
  });

  it("holds out the task's share of the initial period", () => {
    const { train, heldOut } = initialSplit(task);
    const share = heldOut.length / (train.length + heldOut.length);
    expect(share).toBeCloseTo((task.holdout as { fraction: number }).fraction, 2);
  });

  it("keeps each part in time order", () => {
    const { train, heldOut } = initialSplit(task);
    for (const part of [train, heldOut]) {
      const dates = part.map((r) => String(r.date));
      expect(dates).toEqual([...dates].sort());
    }
  });

  it("holds out other rows under another seed", () => {
    const a = initialSplit(task).heldOut.map(key);
    const b = initialSplit({
      ...task,
      holdout: { fraction: 0.2, seed: (task.holdout as { seed: number }).seed + 1 },
    }).heldOut.map(key);
    expect(b.length).toBe(a.length);
    expect(b).not.toEqual(a);
  });
});

describe("trainingOrder", () => {
  it("gives the same order for the same rows whatever order they come in", () => {
    const { train } = initialSplit(task);
    const rows = train.slice(0, 300);
    const canonical = trainingOrder(rows, task);
    for (const seed of [1, 2, 3]) {
      expect(trainingOrder(shuffled(rows, rng(seed)), task)).toEqual(canonical);
    }
    expect(trainingOrder([...rows].reverse(), task)).toEqual(canonical);
  });

  it("ignores the key order inside each row, as a lake read may return columns in another order", () => {
    const rows = initialSplit(task).train.slice(0, 50);
    const reordered = rows.map((r) => Object.fromEntries(Object.entries(r).reverse()) as Row);
    expect(trainingOrder(shuffled(reordered, rng(9)), task).map(key)).toEqual(
      trainingOrder(rows, task).map(key),
    );
  });

  it("orders by time first, breaking ties between rows of the same day by their content", () => {
    const day = "2012-05-05";
    const rows: Row[] = [
      { location: "Seattle", date: day, wind: 2 },
      { location: "New York", date: "2012-05-04", wind: 9 },
      { location: "New York", date: day, wind: 1 },
    ];
    const ordered = trainingOrder(rows, task).map(key);
    expect(ordered).toEqual(["New York|2012-05-04", "New York|2012-05-05", "Seattle|2012-05-05"]);
    expect(trainingOrder([rows[2], rows[0], rows[1]], task).map(key)).toEqual(ordered);
  });

  it("returns a new array and leaves its input alone", () => {
    const rows = initialSplit(task).train.slice(0, 20).reverse();
    const copy = [...rows];
    const out = trainingOrder(rows, task);
    expect(out).not.toBe(rows);
    expect(rows).toEqual(copy);
  });
});
