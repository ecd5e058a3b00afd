/**
 * Shared shapes of the features area: the schema contract a task declares, the violations that
 * validation reports, and the training reference distribution that drift and skew checks compare
 * against. Kept in one small file so the monitor and engine can depend on shapes, not code.
 */

export type FieldSpec =
  | { type: "number"; min?: number; max?: number; required?: boolean; unit?: string; description?: string }
  | { type: "integer"; min?: number; max?: number; required?: boolean; unit?: string; description?: string }
  | { type: "category"; categories: readonly string[]; required?: boolean; description?: string }
  /** ISO calendar date, yyyy-mm-dd. */
  | { type: "date"; required?: boolean; description?: string }
  | { type: "text"; minLength?: number; maxLength?: number; required?: boolean; description?: string };

export interface Contract {
  /** e.g. "weather-day" */
  name: string;
  fields: Record<string, FieldSpec>;
}

/** The rule a value broke. `unknown` = a field the contract does not have (schema.add, schema.rename). */
export type Rule =
  | "required"
  | "type"
  | "min"
  | "max"
  | "category"
  | "format"
  | "minLength"
  | "maxLength"
  | "unknown"
  | "object"
  /** A contract version the unit does not speak (kit/contract-versions.ts). */
  | "version";

export interface Violation {
  /** Field name, or "(body)" when the payload is not an object at all. */
  field: string;
  rule: Rule;
  /** A sentence naming the field and the rule, e.g. "field 'temp_max' must be at most 50 (got 71.2)". */
  message: string;
}

export type ValidationResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; violations: Violation[] };

export type { FeatureReference, Reference } from "../protocol/index.ts";
