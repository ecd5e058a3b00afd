import { describe, expect, it } from "vitest";
import { counterbalance } from "./order.ts";

const tasks = ["classification", "regression", "clustering", "chatbot"];
const patterns = ["three-layer", "proposed"];
const cells = [1, 2, 3].flatMap((seed) =>
  ["trend", "schema", "release"].flatMap((scenario) => tasks.map((task) => ({ task, scenario, seed }))),
);
const order = counterbalance(cells, patterns, tasks);

const leads = (task?: string) => {
  const count = new Map<string, number>();
  for (let k = 0; k < order.length; k += 2)
    if (!task || order[k].cell.task === task) count.set(order[k].arm, (count.get(order[k].arm) ?? 0) + 1);
  return patterns.map((p) => count.get(p) ?? 0);
};

describe("counterbalance", () => {
  it("runs every cell once per arm, the two arms side by side", () => {
    expect(order).toHaveLength(cells.length * 2);
    for (let k = 0; k < order.length; k += 2) {
      expect(order[k].cell).toBe(order[k + 1].cell);
      expect(new Set([order[k].arm, order[k + 1].arm])).toEqual(new Set(patterns));
    }
  });

  it("lets each arm go first equally often overall and within one of each other per task", () => {
    const [a, b] = leads();
    expect(a).toBe(b);
    for (const task of tasks) {
      const [x, y] = leads(task);
      expect(Math.abs(x - y)).toBeLessThanOrEqual(1);
    }
  });

  it("rotates which task opens each round so no task always runs first", () => {
    const openers = new Set<string>();
    for (let r = 0; r < cells.length / tasks.length; r++) openers.add(order[r * tasks.length * 2].cell.task);
    expect(openers).toEqual(new Set(tasks));
  });

  it("does not put one arm first in every position of the run", () => {
    const firstHalf = order.slice(0, order.length / 2).filter((_, k) => k % 2 === 0);
    const proposedFirst = firstHalf.filter((x) => x.arm === "proposed").length;
    expect(proposedFirst).toBeGreaterThan(0);
    expect(proposedFirst).toBeLessThan(firstHalf.length);
  });
});
