/**
 * processing.skew: the serving transform differs from the one the engine was trained with, inside
 * the serving process: numeric features scaled with stale statistics (shifted and stretched), a
 * share of the one-hot categories and text vocabulary forgotten (read as unseen). Requests still
 * pass the contract and the inputs do not move; the vectors the engine gets do, and its answers go
 * wrong. Whichever applies to the task's vectorizer: the weather's numbers and cities, the
 * chatbot's vocabulary. Not a release: rolling one back does not fix it.
 */
import { z } from "zod";
import type { SystemFault } from "./types.ts";

const type = "processing.skew";
const params = z
  .strictObject({
    /** Standardized features: the serving mean is off by this many training standard deviations. */
    shift: z.number().min(-10).max(10).default(1),
    /** Standardized features: the serving standard deviation is the training one times this. */
    stretch: z.number().min(0.01).max(100).default(1.5),
    /** Share of one-hot categories and text tokens the serving transform no longer knows. */
    drop: z.number().min(0).max(1).default(0.5),
  })
  .refine((p) => p.shift !== 0 || p.stretch !== 1 || p.drop > 0, {
    message: "must skew something: shift not 0, stretch not 1, or drop above 0",
  });
type Params = z.infer<typeof params>;

export const processingSkew: SystemFault<Params> = {
  type,
  kind: "system",
  part: "ml",
  cause: "processing",
  flow: "vector",
  at: "model",
  params,
  describe: (p) =>
    `The serving transform scales numbers with stale statistics (mean off by ${p.shift} std, std x${p.stretch}) and forgets ${Math.round(p.drop * 100)}% of categories and tokens.`,
  async inject(target, p, random) {
    const seed = Math.floor(random() * 2 ** 31);
    await target.inferenceFault({ processing: { ...p, seed } });
  },
};
