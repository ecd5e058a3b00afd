import type { HeadSpec, TaskDefinition } from "../task.ts";
import { finite, type Head, type HeadFit } from "./types.ts";

type Fit = Extract<HeadFit, { kind: "value" }>;
type Spec = Extract<HeadSpec, { kind: "value" }>;

const spec = (task: TaskDefinition) => task.head as Spec;

/**
 * One number (a regression). Targets are standardised for training and restored at decoding, so
 * the engine's loss does not depend on the target's unit. The corrupted release trains on a share
 * of targets taken from other rows (a broken join upstream).
 */
export const valueHead: Head<Fit> = {
  kind: "value",
  prepare(task, rows, x, noise, random) {
    const ys = rows.map((r) => Number(r[task.target]));
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const std = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length) || 1;
    const taken = ys.map((v) => (noise && random() < noise ? ys[Math.floor(random() * ys.length)] : v));
    return { x, y: taken.map((v) => [(v - mean) / std]), fit: { kind: "value", mean, std } };
  },
  decode: (_task, raw, _x, fit) =>
    raw.map((r) => {
      const value = r.length === 1 ? r[0] * fit.std + fit.mean : Number.NaN;
      return { label: null, confidence: null, value, limit: null, scores: {} };
    }),
  settle: (_task, fit) => fit,
  outputFields: () => ({ value: { type: "number" } }),
  outputRecord: (p) => ({ value: p.value }),
  guard(task, p) {
    const { min, max } = spec(task);
    return finite(p.value) && p.value >= min && p.value <= max ? null : "invalid-value";
  },
  checkTruth(task, truth) {
    const v = Number(truth);
    const { min, max } = spec(task);
    return truth.trim() !== "" && Number.isFinite(v) && v >= min && v <= max
      ? null
      : `must be a number from ${min} to ${max} (got '${truth}')`;
  },
  correct(task, _fit, answered, truth) {
    const t = Number(truth);
    if (typeof answered !== "number" || !Number.isFinite(answered) || !Number.isFinite(t)) return false;
    return Math.abs(answered - t) <= spec(task).tolerance * Math.abs(t);
  },
};
