import type { z } from "zod";
import type { Violation } from "../features/types.ts";
import type { errorBodySchema } from "../protocol/index.ts";

/** The one error tree of the HTTP area: every error a route throws maps to a status and a JSON body. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
  }
}

/** A request broke the contract: 422, naming each field and rule it broke. */
export class ValidationFailed extends HttpError {
  override name = "ValidationFailed";
  constructor(violations: Violation[]) {
    super(422, "validation", violations.map((v) => v.message).join("; "), violations);
  }
}

/** The engine behind a unit refused a request's contract version: the caller answers without it (guard `contract`). */
export class VersionRefused extends Error {
  override name = "VersionRefused";
}

export class NotFound extends HttpError {
  override name = "NotFound";
  constructor(what: string) {
    super(404, "not_found", `${what} was not found`);
  }
}

export class Unauthorized extends HttpError {
  override name = "Unauthorized";
  constructor() {
    super(401, "unauthorized", "admin routes need 'Authorization: Bearer <token>' with the admin token");
  }
}

export type ErrorBody = z.infer<typeof errorBodySchema>;

export function errorBody(err: HttpError): ErrorBody {
  const first = err.violations[0];
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(first ? { field: first.field, rule: first.rule, violations: err.violations } : {}),
    },
  };
}
