/** schema.drop: a client stops sending a field. */

import { z } from "zod";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { pickField } from "./fields.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.drop";
const params = z.strictObject({
  /** null: the first field the model reads. */
  field: z.string().nullable().default(null),
});
type Params = z.infer<typeof params>;

const fieldOf = (task: TaskDefinition, field: string | null) =>
  pickField(task, field, Object.keys(task.contract.fields), type, "contract field");

export const schemaDrop: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) => `Field ${p.field ?? "(first model field)"} is no longer sent.`,
  features: (ctx, p) => [fieldOf(ctx.task, p.field)],
  prepare(ctx, p) {
    const field = fieldOf(ctx.task, p.field);
    return (payload) => {
      const { [field]: _gone, ...rest } = payload;
      return rest;
    };
  },
};
