/**
 * schema.rescale: a client changes a numeric field's unit, x -> x * scale + offset (the defaults
 * are °C -> °F). Not clamped: leaving the contract's range is how a unit change shows.
 * Default field: of the numeric model fields, the one this rescale pushes out of the contract's
 * range most often in the steady rows (ties: model order). For the weather task that is temp_max
 * (a precipitation in "°F" would stay in range and the fault would hide, which is not the point).
 */

import { z } from "zod";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";
import { numericModelFields, pickField } from "./fields.ts";
import type { PayloadFault, TimelineContext } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.rescale";
const params = z.strictObject({
  field: z.string().nullable().default(null),
  scale: z.number().default(1.8),
  offset: z.number().default(32),
});
type Params = z.infer<typeof params>;

/** Share of rows whose rescaled value falls outside the field's declared range (schema.unit reads it too). */
export function outOfRange(
  task: TaskDefinition,
  rows: Row[],
  field: string,
  scale: number,
  offset: number,
): number {
  const spec = task.contract.fields[field];
  if (!spec || (spec.type !== "number" && spec.type !== "integer") || rows.length === 0) return 0;
  const out = rows.filter((r) => {
    const v = r[field];
    if (typeof v !== "number") return false;
    const x = v * scale + offset;
    return (spec.min !== undefined && x < spec.min) || (spec.max !== undefined && x > spec.max);
  });
  return out.length / rows.length;
}

/** The field given, else the numeric model field this rescale pushes out of range most often. */
function fieldOf(ctx: TimelineContext, p: { field: string | null; scale: number; offset: number }): string {
  const numeric = numericModelFields(ctx.task);
  let best: string | null = null;
  let bestShare = -1;
  for (const f of numeric) {
    const share = outOfRange(ctx.task, ctx.initial, f, p.scale, p.offset);
    if (share > bestShare) [best, bestShare] = [f, share];
  }
  return pickField(ctx.task, p.field ?? best, numeric, type, "numeric model field");
}

export const schemaRescale: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) =>
    `Field ${p.field ?? "(a numeric model field)"} is sent in another unit (x * ${p.scale} + ${p.offset}).`,
  features: (ctx, p) => [fieldOf(ctx, p)],
  prepare(ctx, p) {
    const field = fieldOf(ctx, p);
    return (payload) => {
      const v = payload[field];
      if (typeof v !== "number") return { ...payload };
      // Rounded like a client would print it; enough digits to keep the unit change exact-ish.
      return { ...payload, [field]: Math.round((v * p.scale + p.offset) * 1000) / 1000 };
    };
  },
};
