/**
 * trend.novel: groups the model never saw appear. A task that knows its novel rows (new species,
 * out-of-scope questions) exposes them as an optional `novelRows()`; those are drawn as they are.
 * The weather task has none, so for it this fault is a synthetic stand-in: later-period rows whose
 * numeric model features all move by `sigmas` standard deviations of the steady rows (clamped to the
 * contract), a joint region of hot, wet, windy days no training row comes near. Labels are kept, so
 * they are valid classes but say little: the point is inputs outside anything learned.
 */

import { z } from "zod";
import type { Row } from "../../systems/kit/task.ts";
import { clampToContract, nonEmpty, numericModelFields, pick, pickFields, stats } from "./fields.ts";
import type { DataFault, TimelineContext } from "./types.ts";

const type = "trend.novel";
const params = z.strictObject({
  /** "auto": the task's novel rows when it has them, else synthetic. */
  source: z.enum(["auto", "task", "synthetic"]).default("auto"),
  /** null: every numeric field the model reads. */
  fields: z.array(z.string()).min(1).nullable().default(null),
  sigmas: z.number().default(4),
});
type Params = z.infer<typeof params>;

const usesOwn = (ctx: TimelineContext, source: string) =>
  source === "task" || (source === "auto" && Boolean((ctx.task as { novelRows?: () => Row[] }).novelRows));

export const trendNovel: DataFault<Params> = {
  type,
  kind: "data",
  part: "ml",
  cause: "trend",
  flow: "input",
  at: "model",
  params,
  describe: (p) =>
    p.source === "task"
      ? "Unseen groups from the task's own novel rows appear."
      : `Unseen groups appear (the task's novel rows, or inputs moved ${p.sigmas} standard deviations beyond training).`,
  // The task's own novel rows move everything their way: no one feature to name.
  features: (ctx, p) =>
    usesOwn(ctx, p.source)
      ? []
      : pickFields(ctx.task, p.fields, numericModelFields(ctx.task), type, "numeric model field"),
  prepare(ctx, p) {
    const own = (ctx.task as { novelRows?: () => Row[] }).novelRows;
    if (p.source === "task" || (p.source === "auto" && own)) {
      const rows = nonEmpty(own ? own() : [], "task's novel rows", type);
      return (random) => pick(rows, random);
    }
    const base = nonEmpty(ctx.later.length > 0 ? ctx.later : ctx.initial, "later period", type);
    const fields = pickFields(ctx.task, p.fields, numericModelFields(ctx.task), type, "numeric model field");
    const deltas = fields.map((f) => [f, p.sigmas * stats(ctx.initial, f).std] as const);
    return (random) => {
      const row = { ...pick(base, random) };
      for (const [f, d] of deltas) {
        const v = row[f];
        if (typeof v === "number") row[f] = clampToContract(ctx.task, f, v + d);
      }
      return row;
    };
  },
};
