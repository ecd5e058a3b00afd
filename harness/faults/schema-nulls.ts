/** schema.nulls: values go missing completely at random (MCAR): each field is null with probability `fraction`. */
import { z } from "zod";
import { pickFields } from "./fields.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.nulls";
const params = z.strictObject({
  fraction: z.number().min(0).max(1).default(0.3),
  /** null: every field the model reads. */
  fields: z.array(z.string()).min(1).nullable().default(null),
});
type Params = z.infer<typeof params>;

export const schemaNulls: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) =>
    `Each of ${p.fields ? p.fields.join(", ") : "the model's fields"} is null with probability ${p.fraction}.`,
  features: (ctx, p) => pickFields(ctx.task, p.fields, ctx.task.modelFields, type, "model field"),
  prepare(ctx, p) {
    const fields = pickFields(ctx.task, p.fields, ctx.task.modelFields, type, "model field");
    return (payload, random) => {
      const out = { ...payload };
      // One draw per field whatever happens, so a field's fate does not depend on the others.
      for (const f of fields) if (random() < p.fraction && Object.hasOwn(out, f)) out[f] = null;
      return out;
    };
  },
};
