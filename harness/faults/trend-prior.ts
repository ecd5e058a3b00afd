/**
 * trend.prior: the label balance moves. "synthetic" draws rows of the chosen pool so that class
 * `label` makes up `share` of them, each row keeping its real features and label (the inputs of a
 * class stay what they were: only how often it comes changes). "later" draws the later period as it
 * is, whose balance differs for real (for the weather task, 2014 has far more sun and almost no drizzle).
 */
import { z } from "zod";
import { FaultError } from "./errors.ts";
import { classesByFrequency, labelGroups, nonEmpty, pick, pickClass } from "./fields.ts";
import type { DataFault } from "./types.ts";

const type = "trend.prior";
const params = z.strictObject({
  source: z.enum(["synthetic", "later"]).default("synthetic"),
  /** Rows the synthetic draw resamples. */
  pool: z.enum(["initial", "later"]).default("initial"),
  /**
   * null: the second most frequent class of the steady rows (a common class becoming dominant).
   * A task with a numeric target names a quartile of it: q1 (lowest) .. q4 (highest).
   */
  label: z.string().nullable().default(null),
  share: z.number().min(0).max(1).default(0.8),
});
type Params = z.infer<typeof params>;

export const trendPrior: DataFault<Params> = {
  type,
  kind: "data",
  part: "ml",
  cause: "trend",
  flow: "input",
  at: "model",
  params,
  describe: (p) =>
    p.source === "later"
      ? "The label balance moves to the dataset's own later period."
      : `Class ${p.label ?? "(second most frequent)"} grows to a share of ${p.share}.`,
  prepare(ctx, p) {
    if (p.source === "later") {
      const later = nonEmpty(ctx.later, "later period", type);
      return (random) => pick(later, random);
    }
    const rows = nonEmpty(p.pool === "initial" ? ctx.initial : ctx.later, `${p.pool} period`, type);
    // Groups are cut on the steady rows, so "q4" means what was high before the shift.
    const groups = labelGroups(ctx.task, ctx.initial);
    const ranked = classesByFrequency(ctx.task, ctx.initial);
    const label = pickClass(ctx.task, p.label, ranked[1] ?? ranked[0], type, groups.names);
    const of = rows.filter((r) => groups.of(r) === label);
    const rest = rows.filter((r) => groups.of(r) !== label);
    if (of.length === 0)
      throw new FaultError(`${type}: the ${p.pool} period has no rows of class '${label}'`);
    if (rest.length === 0 && p.share < 1) {
      throw new FaultError(`${type}: the ${p.pool} period has only rows of class '${label}'`);
    }
    return (random) => (random() < p.share ? pick(of, random) : pick(rest, random));
  },
};
