/**
 * engine.invalid: inside the serving process, a share of the engine's outputs are values the logic
 * does not expect: NaN, out of range (a share as a percentage, a value with its sign flipped), or a
 * label the head does not know. Requests pass the contract. It measures whether the logic's guard
 * holds (the answer falls back) or the business flow fails; nothing here hides it.
 */
import { z } from "zod";
import { headOf } from "../../systems/kit/heads/index.ts";
import { FaultError } from "./errors.ts";
import type { SystemFault } from "./types.ts";

const type = "engine.invalid";
const params = z.strictObject({
  mode: z.enum(["nan", "range", "label"]).default("nan"),
  /** Share of answers the engine gets wrong this way. */
  rate: z.number().min(0).max(1).default(0.3),
});
type Params = z.infer<typeof params>;

export const engineInvalid: SystemFault<Params> = {
  type,
  kind: "system",
  part: "ml",
  cause: "engine",
  flow: "output",
  at: "model",
  params,
  describe: (p) =>
    `The engine emits ${p.mode === "nan" ? "NaN" : p.mode === "range" ? "out-of-range values" : "unknown labels"} for ${Math.round(p.rate * 100)}% of answers.`,
  async inject(target, p, random) {
    // A head whose outputs carry no label (a regression's value) has no label to get wrong.
    if (p.mode === "label" && !("label" in headOf(target.task).outputFields(target.task)))
      throw new FaultError(
        `${type}: task '${target.task.name}' answers with no label; use mode nan or range`,
      );
    const seed = Math.floor(random() * 2 ** 31);
    await target.inferenceFault({ engine: { ...p, seed } });
  },
};
