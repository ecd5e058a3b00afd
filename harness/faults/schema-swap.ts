/**
 * schema.swap: a client swaps two fields' values (columns mixed up). Both stay well-typed and often
 * in range, so a contract check may not see it: only the values' distributions give it away.
 */

import { z } from "zod";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { FaultError } from "./errors.ts";
import { numericModelFields, pickField } from "./fields.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.swap";
const params = z.strictObject({
  /** null: the first two numeric fields the model reads. */
  a: z.string().nullable().default(null),
  b: z.string().nullable().default(null),
});
type Params = z.infer<typeof params>;

/** The two fields given, else the first two numeric model fields. */
function pairOf(task: TaskDefinition, p: { a: string | null; b: string | null }): [string, string] {
  const all = Object.keys(task.contract.fields);
  const numeric = numericModelFields(task);
  const a = pickField(task, p.a ?? numeric[0] ?? null, all, type, "contract field");
  return [a, pickField(task, p.b ?? numeric.find((f) => f !== a) ?? null, all, type, "contract field")];
}

export const schemaSwap: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) =>
    `The values of ${p.a ?? "(first numeric model field)"} and ${p.b ?? "(second numeric model field)"} are swapped.`,
  features: (ctx, p) => pairOf(ctx.task, p),
  prepare(ctx, p) {
    const [a, b] = pairOf(ctx.task, p);
    if (a === b) throw new FaultError(`${type}: params a and b must name two different fields (both '${a}')`);
    return (payload) => {
      const out = { ...payload };
      const [va, vb] = [payload[a], payload[b]];
      if (vb === undefined) delete out[a];
      else out[a] = vb;
      if (va === undefined) delete out[b];
      else out[b] = va;
      return out;
    };
  },
};
