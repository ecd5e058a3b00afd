/** infra.db: the runtime database slows down (delayMs per call) or refuses (a share of calls fails). */
import { z } from "zod";
import type { SystemFault } from "./types.ts";

const type = "infra.db";
const params = z.strictObject({
  delayMs: z.number().min(0).default(400),
  failRate: z.number().min(0).max(1).default(0),
});
type Params = z.infer<typeof params>;

export const infraDb: SystemFault<Params> = {
  type,
  kind: "system",
  part: "infra",
  cause: "infrastructure",
  flow: "store",
  at: "store",
  params,
  describe: (p) =>
    p.failRate > 0
      ? `The database slows by ${p.delayMs} ms per call and refuses ${Math.round(p.failRate * 100)}% of calls.`
      : `The database slows by ${p.delayMs} ms per call.`,
  async inject(target, p) {
    await target.storeFault({ delayMs: p.delayMs, failRate: p.failRate });
  },
};
