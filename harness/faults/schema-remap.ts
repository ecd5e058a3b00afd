/**
 * schema.remap: a client's code table changes: the values of a coded field are sent under other
 * valid codes (the defaults: each value as the next one, e.g. Seattle as New York, Monday as
 * Tuesday). Every value stays one the contract allows, so no contract check sees it; the model
 * reads the wrong category. Coded fields: categories, and integers the task's vectorizer one-hot
 * encodes (codes, not amounts, e.g. a weekday number).
 */
import { z } from "zod";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { FaultError } from "./errors.ts";
import { pickField } from "./fields.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.remap";
const params = z.strictObject({
  /** null: the first coded model field. */
  field: z.string().nullable().default(null),
  /** Sent value -> the value the client sends instead; null: each value as the next one. */
  map: z.record(z.string(), z.string()).nullable().default(null),
});
type Params = z.infer<typeof params>;

/** The values a coded field may take, as strings; null when the field is not coded. */
function codes(task: TaskDefinition, field: string): string[] | null {
  const spec = task.contract.fields[field];
  if (spec?.type === "category") return spec.categories.length > 1 ? [...spec.categories] : null;
  const onehot = task.features.some((t) => t.field === field && t.kind === "onehot");
  if (spec?.type !== "integer" || !onehot || spec.min === undefined || spec.max === undefined) return null;
  return Array.from({ length: spec.max - spec.min + 1 }, (_, i) => String(spec.min! + i));
}

const fieldOf = (task: TaskDefinition, field: string | null) =>
  pickField(
    task,
    field,
    task.modelFields.filter((f) => codes(task, f) !== null),
    type,
    "coded model field",
  );

export const schemaRemap: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) =>
    `The values of ${p.field ?? "(the first coded model field)"} are sent under other valid codes${
      p.map
        ? ` (${Object.entries(p.map)
            .map(([a, b]) => `${a} as ${b}`)
            .join(", ")})`
        : " (each as the next)"
    }.`,
  features: (ctx, p) => [fieldOf(ctx.task, p.field)],
  prepare(ctx, p) {
    const field = fieldOf(ctx.task, p.field);
    const values = codes(ctx.task, field) ?? [];
    const map = p.map ?? Object.fromEntries(values.map((v, i) => [v, values[(i + 1) % values.length]]));
    for (const [from, to] of Object.entries(map))
      for (const v of [from, to])
        if (!values.includes(v))
          throw new FaultError(`${type}: '${v}' is not a value of '${field}' (known: ${values.join(", ")})`);
    const integer = ctx.task.contract.fields[field]?.type === "integer";
    return (payload) => {
      const to = map[String(payload[field])];
      if (to === undefined || payload[field] === null || payload[field] === undefined) return { ...payload };
      return { ...payload, [field]: integer ? Number(to) : to };
    };
  },
};
