/** schema.add: a client sends a field the contract does not have (a strict contract refuses it). */
import { z } from "zod";
import { FaultError } from "./errors.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.add";
const params = z.strictObject({
  field: z.string().min(1).default("extra_field"),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).default(1),
});
type Params = z.infer<typeof params>;

export const schemaAdd: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) => `An extra field ${p.field} = ${JSON.stringify(p.value)} is sent.`,
  features: (_ctx, p) => [p.field],
  prepare(ctx, p) {
    if (Object.hasOwn(ctx.task.contract.fields, p.field)) {
      throw new FaultError(
        `${type}: '${p.field}' is already a field of contract '${ctx.task.contract.name}'`,
      );
    }
    return (payload) => ({ ...payload, [p.field]: p.value });
  },
};
