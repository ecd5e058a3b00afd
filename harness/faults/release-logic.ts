/** release.logic: a business-logic release with a regression switched on goes out the normal way. */
import { z } from "zod";
import type { SystemFault } from "./types.ts";

const type = "release.logic";
const params = z.strictObject({
  /** Which regression the task's logic switches on; "default" is the task's own choice. */
  regression: z.string().min(1).default("default"),
});
type Params = z.infer<typeof params>;

export const releaseLogic: SystemFault<Params> = {
  type,
  kind: "system",
  part: "logic",
  cause: "release",
  flow: "answer",
  at: "logic",
  params,
  describe: (p) => `A business-logic release with regression '${p.regression}' is deployed.`,
  async inject(target, p) {
    const r = await target.logicRelease(p.regression, "release.logic fault");
    await target.deploy(r.unit, r.release, { who: "release pipeline", reason: "release.logic fault" });
  },
};
