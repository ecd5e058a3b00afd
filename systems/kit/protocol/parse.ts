import type { z } from "zod";
import { ProtocolError } from "./errors.ts";

/** Validates data against its protocol schema; a mismatch is a ProtocolError naming the field. */
export function parseAs<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.map(String).join(".") : "(body)";
  throw new ProtocolError(what, field, issue.message);
}

/** JSON text through its protocol schema: text that is not JSON is a ProtocolError too. */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string, what: string): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ProtocolError(what, "(body)", `is not JSON (${(e as Error).message})`);
  }
  return parseAs(schema, data, what);
}
