/** schema.drop: a client stops sending a field. */
import { z } from "zod";
import { pickField } from "./fields.ts";
import type { PayloadFault } from "./types.ts";

const type = "schema.drop";
const params = z.strictObject({
  /** null: the first field the model reads. */
  field: z.string().nullable().default(null),
});
type Params = z.infer<typeof params>;

export const schemaDrop: PayloadFault<Params> = {
  type,
  kind: "payload",
  part: "ml",
  cause: "schema",
  params,
  describe: (p) => `Field ${p.field ?? "(first model field)"} is no longer sent.`,
  prepare(ctx, p) {
    const field = pickField(ctx.task, p.field, Object.keys(ctx.task.contract.fields), type, "contract field");
    return (payload) => {
      const { [field]: _gone, ...rest } = payload;
      return rest;
    };
  },
};
