/**
 * schema.unit: a client changes a numeric field's unit, x -> x * scale + offset, and the new values
 * stay inside the contract's range (the defaults are m/s -> knots), so no contract check sees it:
 * only the values' distribution and the answers do. schema.rescale is the unit change that leaves
 * the range. Default field: of the numeric model fields the change keeps in range, the one it moves
 * furthest (in its own standard deviations; a rain gauge mostly reading 0 mm hardly moves). For the weather task that
 * is the wind. A change that takes more than 1% of the steady values out of range is refused.
 */
import { z } from "zod";
import { FaultError } from "./errors.ts";
import { numericModelFields, pickField, stats } from "./fields.ts";
import { outOfRange } from "./schema-rescale.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.unit";
const MAX_OUT = 0.01;
const params = z.strictObject({
  field: z.string().nullable().default(null),
  scale: z
    .number()
    .refine((s) => s !== 0, { message: "must not be 0" })
    .default(1.944),
  offset: z.number().default(0),
});
type Params = z.infer<typeof params>;

export const schemaUnit: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) =>
    `Field ${p.field ?? "(a numeric model field)"} is sent in another unit within its range (x * ${p.scale} + ${p.offset}).`,
  prepare(ctx, p) {
    const { task, initial } = ctx;
    const numeric = numericModelFields(task);
    const move = (f: string) => {
      const s = stats(initial, f);
      return Math.abs(s.mean * (p.scale - 1) + p.offset) / (s.std || 1);
    };
    const ranked = numeric
      .map((f) => ({ f, out: outOfRange(task, initial, f, p.scale, p.offset), move: move(f) }))
      .sort((a, b) => Number(a.out > MAX_OUT) - Number(b.out > MAX_OUT) || b.move - a.move);
    const field = pickField(task, p.field ?? ranked[0]?.f ?? null, numeric, type, "numeric model field");
    const out = outOfRange(task, initial, field, p.scale, p.offset);
    if (out > MAX_OUT)
      throw new FaultError(
        `${type}: x * ${p.scale} + ${p.offset} takes ${(out * 100).toFixed(1)}% of '${field}' out of the contract's range; schema.rescale is the unit change a contract sees`,
      );
    const integer = task.contract.fields[field]?.type === "integer";
    return (payload) => {
      const v = payload[field];
      if (typeof v !== "number") return { ...payload };
      const x = v * p.scale + p.offset;
      // Rounded like a client would print it; an integer field stays an integer, as its contract says.
      return { ...payload, [field]: integer ? Math.round(x) : Math.round(x * 1000) / 1000 };
    };
  },
};
