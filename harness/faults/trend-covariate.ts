/**
 * trend.covariate: the inputs users send move. "later" draws the dataset's own later period (a real
 * trend, with its real labels); "synthetic" shifts chosen numeric model features of the steady row
 * by `shift` standard deviations (measured on the steady rows), clamped into the contract's range.
 * The synthetic row keeps its label: the model meets inputs it rarely saw, labelled as before.
 */

import { z } from "zod";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import {
  clampToContract,
  nonEmpty,
  numericModelFields,
  pick,
  pickField,
  pickFields,
  stats,
} from "./fields.ts";
import type { DataFault } from "./types.ts";

const type = "trend.covariate";
const params = z.strictObject({
  source: z.enum(["later", "synthetic"]).default("later"),
  /** null: the first numeric field the model reads. */
  fields: z.array(z.string()).min(1).nullable().default(null),
  shift: z.number().default(2),
});
type Params = z.infer<typeof params>;

/** The numeric model features a synthetic shift moves: those given, else the first. */
function shifted(task: TaskDefinition, fields: string[] | null): string[] {
  const numeric = numericModelFields(task);
  return fields
    ? pickFields(task, fields, numeric, type, "numeric model field")
    : [pickField(task, null, numeric, type, "numeric model field")];
}

export const trendCovariate: DataFault<Params> = {
  type,
  kind: "data",
  part: "ml",
  cause: "trend",
  flow: "input",
  at: "model",
  params,
  describe: (p) =>
    p.source === "later"
      ? "Feature distributions move to the dataset's own later period."
      : `Feature ${p.fields ? p.fields.join(", ") : "(first numeric model field)"} moves by ${p.shift} standard deviations.`,
  // The later period moves every feature its own way: no one feature to name.
  features: (ctx, p) => (p.source === "later" ? [] : shifted(ctx.task, p.fields)),
  prepare(ctx, p) {
    if (p.source === "later") {
      const later = nonEmpty(ctx.later, "later period", type);
      return (random) => pick(later, random);
    }
    const chosen = shifted(ctx.task, p.fields);
    const deltas = chosen.map((f) => [f, p.shift * stats(ctx.initial, f).std] as const);
    return (_random, steady) => {
      const row = { ...steady };
      for (const [f, d] of deltas) {
        const v = row[f];
        if (typeof v === "number") row[f] = clampToContract(ctx.task, f, v + d);
      }
      return row;
    };
  },
};
