/**
 * release.joint: one change touches the model and the logic together and exactly one of the two is
 * broken. It goes out as the pattern releases a change set (one app release in three-layer, a
 * model-unit release then a logic release elsewhere), so localization must tell which part of the
 * change broke, not only that a release went out. The healthy part is a real change too: a model
 * retrained on a new seed, or the task's harmless logic improvement.
 */
import { z } from "zod";
import { BASELINE } from "../../systems/kit/release/components.ts";
import { MODEL_RELEASE_FAULT, type SystemFault } from "./types.ts";

const type = "release.joint";
const params = z.strictObject({
  /** The part of the change that is broken; the other part is a harmless change. */
  broken: z.enum(["model", "logic"]).default("model"),
  /** broken model: the share of training labels corrupted, as in release.model. */
  labelNoise: z.number().min(0).max(1).default(0.6),
  /** broken logic: which regression the task's logic switches on, as in release.logic. */
  regression: z.string().min(1).default("default"),
});
type Params = z.infer<typeof params>;

const by = { who: "release pipeline", reason: "release.joint fault" };

export const releaseJoint: SystemFault<Params> = {
  type,
  // The default (broken model); truth() resolves the part a scenario's params break.
  ...MODEL_RELEASE_FAULT,
  truth: (p) =>
    p.broken === "model"
      ? { part: "ml", flow: "output", at: "model" }
      : { part: "logic", flow: "answer", at: "logic" },
  params,
  describe: (p) =>
    p.broken === "model"
      ? `A change of model and logic goes out together; its model was trained with ${Math.round(p.labelNoise * 100)}% label noise.`
      : `A change of model and logic goes out together; its logic carries regression '${p.regression}'.`,
  async inject(target, p, random) {
    await (await releaseJoint.prepare!(target, p, random))();
  },
  async prepare(target, p, random) {
    // A new seed either way, so the model part really changes (the same variant would reuse the
    // cached release, and the change would touch the logic alone).
    const seed = Math.floor(random() * 2 ** 31);
    const model = p.broken === "model";
    const change = await target.changeSet({
      variant: {
        seed,
        ...(model ? { labelNoise: p.labelNoise } : {}),
        note: model
          ? `release.joint: label noise ${p.labelNoise}, seed ${seed}`
          : `release.joint: regression ${p.regression}, seed ${seed}`,
      },
      logic: model ? (target.task.improvement?.name ?? BASELINE) : p.regression,
    });
    return async () => {
      // Each part goes out its unit's normal way: a model release through the canary where the
      // pattern has one. In three-layer the model unit is the app, so one release carries both.
      for (const { unit, release } of change) {
        if (unit === target.modelUnit) await target.releaseModel(release, by);
        else await target.deploy(unit, release, by);
      }
    };
  },
};
