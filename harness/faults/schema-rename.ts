/** schema.rename: a client renames a field (e.g. after an upstream refactor); the value is unchanged. */

import { z } from "zod";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { FaultError } from "./errors.ts";
import { pickField } from "./fields.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.rename";
const params = z.strictObject({
  /** null: the first field the model reads. */
  field: z.string().nullable().default(null),
  /** null: `${field}_v2`. */
  to: z.string().min(1).nullable().default(null),
});
type Params = z.infer<typeof params>;

const fieldOf = (task: TaskDefinition, field: string | null) =>
  pickField(task, field, Object.keys(task.contract.fields), type, "contract field");

export const schemaRename: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) => `Field ${p.field ?? "(first model field)"} is sent as ${p.to ?? "<field>_v2"}.`,
  features: (ctx, p) => [fieldOf(ctx.task, p.field)],
  prepare(ctx, p) {
    const field = fieldOf(ctx.task, p.field);
    const to = p.to ?? `${field}_v2`;
    if (to === field) throw new FaultError(`${type}: renaming '${field}' to itself changes nothing`);
    return (payload) => {
      if (!Object.hasOwn(payload, field)) return { ...payload };
      const out: Record<string, unknown> = {};
      // Keep the key's place: a renamed field, not a moved one.
      for (const [k, v] of Object.entries(payload)) out[k === field ? to : k] = v;
      return out;
    };
  },
};
