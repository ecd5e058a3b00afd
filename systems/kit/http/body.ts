import type { z } from "zod";
import type { Violation } from "../features/types.ts";
import { HttpError } from "./errors.ts";

/**
 * A request body (or query) through its protocol schema: on a mismatch, a 422 that names each
 * field and the rule it broke, the same way for every route of every unit.
 */
export function bodyOf<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const violations: Violation[] = parsed.error.issues.map((i) => {
    const field = i.path.length ? i.path.map(String).join(".") : "(body)";
    return { field, rule: i.path.length ? "type" : "object", message: `field '${field}' ${i.message}` };
  });
  throw new HttpError(422, "validation", violations.map((v) => v.message).join("; "), violations);
}
