import { oneHotLabels } from "../features/vectorizer.ts";
import type { Prediction } from "../task.ts";
import { type Head, type HeadFit, share } from "./types.ts";

type Fit = Extract<HeadFit, { kind: "classes" }>;

/** Softmax rows to labelled predictions; a row with any NaN gets a NaN confidence so the guard sees it. */
export function toPredictions(rows: number[][], classes: readonly string[]): Prediction[] {
  return rows.map((scores) => {
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    // `>` is false against NaN, so the argmax alone would hide a NaN that is not in the first slot.
    const broken = scores.some((s) => Number.isNaN(s));
    return {
      label: classes[best] ?? "",
      confidence: broken ? Number.NaN : scores[best],
      value: null,
      limit: null,
      scores: Object.fromEntries(classes.map((c, i) => [c, scores[i]])),
    };
  });
}

/** A softmax over the task's classes. The corrupted release flips a share of labels to another class. */
export const classesHead: Head<Fit> = {
  kind: "classes",
  prepare(task, rows, x, noise, random) {
    const labels = rows.map((r) => {
      const l = String(r[task.target]);
      if (!noise || random() >= noise) return l;
      const others = task.classes.filter((c) => c !== l);
      return others[Math.floor(random() * others.length)] ?? l;
    });
    return { x, y: oneHotLabels(labels, task.classes), fit: { kind: "classes" } };
  },
  decode: (task, raw) => toPredictions(raw, task.classes),
  settle: (_task, fit) => fit,
  outputFields: (task) => ({
    label: { type: "category", categories: task.classes },
    confidence: { type: "number" },
  }),
  outputRecord: (p) => ({ label: p.label, confidence: p.confidence }),
  guard(task, p) {
    if (p.label === null || !task.classes.includes(p.label)) return "invalid-label";
    return share(p.confidence) ? null : "invalid-confidence";
  },
  checkTruth: (task, truth) =>
    task.classes.includes(truth) ? null : `must be one of ${task.classes.join(", ")} (got '${truth}')`,
  correct: (_task, _fit, answered, truth) => answered === truth,
};
