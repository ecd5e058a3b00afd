import { loadDataset } from "../../datasets/load.ts";
import { manifest } from "../../datasets/manifest.ts";
import { rng, shuffled } from "./random.ts";
import type { Period, Row, TaskDefinition } from "./task.ts";

/** Rows of a task's dataset inside a period: its date range on the time column and its filter. */
export function periodRows(task: TaskDefinition, period: Period, rows = loadDataset(task.dataset)): Row[] {
  const t = manifest[task.dataset].timeColumn;
  if ((period.from !== undefined || period.to !== undefined) && !t)
    throw new Error(
      `period '${period.name}' has a date range but dataset '${task.dataset}' has no time column`,
    );
  return rows.filter((r) => {
    const v = t ? String(r[t]) : "";
    return (
      (period.from === undefined || v >= period.from) &&
      (period.to === undefined || v <= period.to) &&
      (period.where === undefined || period.where(r))
    );
  });
}

/** The initial period split once, seeded: training rows (into the database or the lake) and held-out rows. */
export function initialSplit(task: TaskDefinition): { train: Row[]; heldOut: Row[] } {
  return holdOut(periodRows(task, task.periods.initial), task.holdout);
}

/** Any rows split like the initial period (a delivered dataset has its own held-out days). */
export function holdOut(rows: Row[], h: TaskDefinition["holdout"]): { train: Row[]; heldOut: Row[] } {
  if ("where" in h) return { train: rows.filter((r) => !h.where(r)), heldOut: rows.filter(h.where) };
  const order = shuffled(
    rows.map((_, i) => i),
    rng(h.seed),
  );
  const cut = Math.round(rows.length * h.fraction);
  const held = new Set(order.slice(0, cut));
  // Keep time order inside each part: training and replay read like the real timeline.
  return { train: rows.filter((_, i) => !held.has(i)), heldOut: rows.filter((_, i) => held.has(i)) };
}

/**
 * One canonical order for training rows, whatever store they were read from (a database keeps
 * insertion order, a lake does not): same rows, same order, same release.
 */
export function trainingOrder(rows: Row[], task: TaskDefinition): Row[] {
  const t = manifest[task.dataset].timeColumn;
  const key = (r: Row) =>
    `${t ? r[t] : ""}\u0000${JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))}`;
  return rows
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.r);
}
