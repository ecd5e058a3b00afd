/**
 * What faults need to know about a task's fields and rows, generic over tasks: defaults are
 * chosen from the contract and the steady-state rows at prepare time, never hard-coded per task.
 */
import type { Rng } from "../../systems/kit/random.ts";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";
import { FaultError } from "./errors.ts";

const known = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(", ");

/** Model fields declared number or integer in the contract, in model order. */
export function numericModelFields(task: TaskDefinition): string[] {
  return task.modelFields.filter((f) => {
    const t = task.contract.fields[f]?.type;
    return t === "number" || t === "integer";
  });
}

/** Model fields whose values are free or categorical strings (dates excluded: digits re-encode to themselves). */
export function stringModelFields(task: TaskDefinition): string[] {
  return task.modelFields.filter((f) => {
    const t = task.contract.fields[f]?.type;
    return t === "category" || t === "text";
  });
}

/** String fields a client could re-encode: the model's, else the rest of the request's. */
export function encodableFields(task: TaskDefinition): string[] {
  const own = stringModelFields(task);
  if (own.length) return own;
  return Object.entries(task.contract.fields)
    .filter(([, spec]) => spec.type === "category" || spec.type === "text")
    .map(([f]) => f);
}

/** A contract field named by a param, checked; or the first candidate when the param is null. */
export function pickField(
  task: TaskDefinition,
  name: string | null,
  candidates: string[],
  fault: string,
  what = "field",
): string {
  if (name === null) {
    const first = candidates[0];
    if (first === undefined) throw new FaultError(`${fault}: task '${task.name}' has no ${what} to choose`);
    return first;
  }
  if (!candidates.includes(name)) {
    throw new FaultError(
      `${fault}: '${name}' is not a ${what} of task '${task.name}' (known: ${known(candidates)})`,
    );
  }
  return name;
}

/** Several fields: each checked, or all candidates when the param is null. */
export function pickFields(
  task: TaskDefinition,
  names: string[] | null,
  candidates: string[],
  fault: string,
  what = "field",
): string[] {
  if (names === null) {
    if (candidates.length === 0)
      throw new FaultError(`${fault}: task '${task.name}' has no ${what} to choose`);
    return candidates;
  }
  return names.map((n) => pickField(task, n, candidates, fault, what));
}

export interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** Population mean/std/min/max of a numeric field over rows, skipping missing values. */
export function stats(rows: Row[], field: string): Stats {
  const xs = rows
    .map((r) => r[field])
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (xs.length === 0) throw new FaultError(`no numeric values of field '${field}' to measure`);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, std, min: Math.min(...xs), max: Math.max(...xs) };
}

/** Keeps a synthetic value inside the contract's declared range: a world that moved, not a broken client. */
export function clampToContract(task: TaskDefinition, field: string, value: number): number {
  const spec = task.contract.fields[field];
  let v = value;
  if (spec && (spec.type === "number" || spec.type === "integer")) {
    if (spec.min !== undefined) v = Math.max(spec.min, v);
    if (spec.max !== undefined) v = Math.min(spec.max, v);
    if (spec.type === "integer") v = Math.round(v);
  }
  // Two decimals, like the dataset's own measurements.
  return Math.round(v * 100) / 100;
}

/**
 * How faults group rows by their label: the class (or reported group) for most tasks; for a task
 * with a numeric target, its quartile over the steady rows ("q1" lowest .. "q4" highest), so
 * "a label grows to a share" reads "high values grow to a share".
 */
export function labelGroups(
  task: TaskDefinition,
  steady: Row[],
): { names: string[]; of: (r: Row) => string } {
  if (task.head.kind !== "value") return { names: [...task.classes], of: (r) => String(r[task.target]) };
  const ys = steady
    .map((r) => r[task.target])
    .filter((v): v is number => typeof v === "number")
    .sort((a, b) => a - b);
  if (ys.length === 0) throw new FaultError(`task '${task.name}' has no numeric targets to group`);
  const cuts = [0.25, 0.5, 0.75].map((q) => ys[Math.min(ys.length - 1, Math.floor(q * ys.length))]);
  return {
    names: ["q1", "q2", "q3", "q4"],
    of: (r) => `q${1 + cuts.filter((c) => Number(r[task.target]) >= c).length}`,
  };
}

/** Label groups by how often they label the rows, most frequent first; ties keep the task's order. */
export function classesByFrequency(task: TaskDefinition, rows: Row[]): string[] {
  const groups = labelGroups(task, rows);
  const counts = new Map(groups.names.map((c) => [c, 0]));
  for (const r of rows) {
    const y = groups.of(r);
    if (counts.has(y)) counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  return [...groups.names].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
}

/** A class (or label group) named by a param, checked against the task's. */
export function pickClass(
  task: TaskDefinition,
  name: string | null,
  fallback: string,
  fault: string,
  names: readonly string[] = task.classes,
): string {
  const c = name ?? fallback;
  if (!names.includes(c)) {
    throw new FaultError(`${fault}: '${c}' is not a class of task '${task.name}' (known: ${known(names)})`);
  }
  return c;
}

/** One row drawn uniformly; rows must not be empty (checked at prepare time by the caller). */
export function pick(rows: Row[], random: Rng): Row {
  return rows[Math.floor(random() * rows.length)];
}

export function nonEmpty(rows: Row[], what: string, fault: string): Row[] {
  if (rows.length === 0) throw new FaultError(`${fault}: the ${what} has no rows to draw from`);
  return rows;
}
