/**
 * release.model: a worse model release goes out the pattern's normal way (comparative evaluation's
 * canary where the pattern has one, whose judge may abort it; else a deploy). It is
 * trained the pattern's own way with label noise (a broken labelling job upstream), so nothing
 * about it is faked: it is simply a bad release that passed the pipeline.
 */
import { z } from "zod";
import { MODEL_RELEASE_FAULT, type SystemFault } from "./types.ts";

const type = "release.model";
const params = z.strictObject({
  labelNoise: z.number().min(0).max(1).default(0.6),
  /** null: the task's own epochs. */
  epochs: z.int().positive().nullable().default(null),
});
type Params = z.infer<typeof params>;

export const releaseModel: SystemFault<Params> = {
  type,
  ...MODEL_RELEASE_FAULT,
  params,
  describe: (p) => `A model release trained with ${Math.round(p.labelNoise * 100)}% label noise is deployed.`,
  async inject(target, p, random) {
    await (await releaseModel.prepare!(target, p, random))();
  },
  async prepare(target, p, random) {
    const seed = Math.floor(random() * 2 ** 31);
    const release = await target.trainModelRelease({
      labelNoise: p.labelNoise,
      seed,
      ...(p.epochs === null ? {} : { epochs: p.epochs }),
      note: `release.model: label noise ${p.labelNoise}, seed ${seed}`,
    });
    return async () => {
      await target.releaseModel(release, { who: "release pipeline", reason: "release.model fault" });
    };
  },
};
