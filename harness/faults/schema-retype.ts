/**
 * schema.retype: a client sends a field's value as another JS type. Numbers become their string
 * ("12.5"), the classic serializer change; strings become number-ish: a numeric string its number,
 * a category its index (label encoding leaking out), a date its epoch ms, other text its length.
 */
import { z } from "zod";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { numericModelFields, pickField } from "./fields.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.retype";
const params = z.strictObject({
  /** null: the first numeric field the model reads (else its first field). */
  field: z.string().nullable().default(null),
});
type Params = z.infer<typeof params>;

function retype(task: TaskDefinition, field: string, v: unknown): unknown {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v !== "string") return v;
  if (v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  const spec = task.contract.fields[field];
  if (spec?.type === "category" && spec.categories.includes(v)) return spec.categories.indexOf(v);
  if (spec?.type === "date" && Number.isFinite(Date.parse(v))) return Date.parse(v);
  return v.length;
}

function fieldOf(task: TaskDefinition, field: string | null): string {
  const fallback = numericModelFields(task)[0] ?? task.modelFields[0] ?? null;
  return pickField(task, field ?? fallback, Object.keys(task.contract.fields), type, "contract field");
}

export const schemaRetype: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) => `Field ${p.field ?? "(first numeric model field)"} is sent as another type.`,
  features: (ctx, p) => [fieldOf(ctx.task, p.field)],
  prepare(ctx, p) {
    const field = fieldOf(ctx.task, p.field);
    return (payload) => {
      if (!Object.hasOwn(payload, field)) return { ...payload };
      return { ...payload, [field]: retype(ctx.task, field, payload[field]) };
    };
  },
};
