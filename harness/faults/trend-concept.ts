/**
 * trend.concept: the input-to-label relation moves. "later" draws the later period with its real
 * labels: for the weather task the later years were labelled differently (drizzle nearly vanishes
 * from 2014 while fog grows on similar days), a real concept shift mixed with some prior shift.
 * "synthetic" keeps the steady row's inputs and swaps labels `a` and `b` (a pure concept shift); for a
 * numeric target it multiplies the target by `scale` instead.
 */
import { z } from "zod";
import { FaultError } from "./errors.ts";
import { classesByFrequency, nonEmpty, pick, pickClass } from "./fields.ts";
import type { DataFault } from "./types.ts";

const type = "trend.concept";
const params = z.strictObject({
  source: z.enum(["later", "synthetic"]).default("later"),
  /** null: the two most frequent classes of the steady rows (classes and groups only). */
  a: z.string().nullable().default(null),
  b: z.string().nullable().default(null),
  /** A numeric target: the same inputs now lead to targets times this factor. */
  scale: z.number().positive().default(0.85),
});
type Params = z.infer<typeof params>;

export const trendConcept: DataFault<Params> = {
  type,
  kind: "data",
  part: "ml",
  cause: "trend",
  flow: "feedback",
  at: "model",
  params,
  describe: (p) =>
    p.source === "later"
      ? "The input-to-label relation moves to the dataset's own later period."
      : `Labels ${p.a ?? "(most frequent)"} and ${p.b ?? "(second most frequent)"} trade places on the same inputs (a numeric target: times ${p.scale}).`,
  prepare(ctx, p) {
    if (p.source === "later") {
      const later = nonEmpty(ctx.later, "later period", type);
      return (random) => pick(later, random);
    }
    const t = ctx.task.target;
    if (ctx.task.head.kind === "value") {
      return (_random, steady) => {
        const y = steady[t];
        return typeof y === "number"
          ? { ...steady, [t]: Math.round(y * p.scale * 100) / 100 }
          : { ...steady };
      };
    }
    const ranked = classesByFrequency(ctx.task, ctx.initial);
    const a = pickClass(ctx.task, p.a, ranked[0], type);
    const b = pickClass(ctx.task, p.b, ranked.find((c) => c !== a) ?? a, type);
    if (a === b)
      throw new FaultError(`${type}: params a and b must name two different classes (both '${a}')`);
    return (_random, steady) => {
      const y = steady[t];
      return y === a ? { ...steady, [t]: b } : y === b ? { ...steady, [t]: a } : { ...steady };
    };
  },
};
