/**
 * Schema contracts: the definition check, the zod schema (for OpenAPI / JSON Schema and as a
 * second opinion), and validate(), which reports every violation with a sentence an operator can
 * act on. Fields are required unless `required: false`: a model needs its inputs, so being
 * optional is the exception a task must state.
 */
import { z } from "zod";
import { parseIsoDate } from "./dates.ts";
import { ContractError } from "./errors.ts";
import { list, show } from "./show.ts";
import type { Contract, FieldSpec, ValidationResult, Violation } from "./types.ts";

export function isRequired(spec: FieldSpec): boolean {
  return spec.required !== false;
}

function checkBounds(name: string, lo: number | undefined, hi: number | undefined, what: string): void {
  for (const b of [lo, hi]) {
    if (b !== undefined && !Number.isFinite(b))
      throw new ContractError(`field '${name}': ${what} must be finite`);
  }
  if (lo !== undefined && hi !== undefined && lo > hi) {
    throw new ContractError(`field '${name}': ${what} lower bound ${lo} is above upper bound ${hi}`);
  }
}

function checkField(name: string, spec: FieldSpec): void {
  if (name === "") throw new ContractError("a field name must not be empty");
  switch (spec.type) {
    case "number":
    case "integer":
      checkBounds(name, spec.min, spec.max, "min/max");
      return;
    case "text":
      checkBounds(name, spec.minLength, spec.maxLength, "minLength/maxLength");
      if ((spec.minLength ?? 0) < 0)
        throw new ContractError(`field '${name}': minLength must not be negative`);
      return;
    case "category": {
      const cats = spec.categories;
      if (!Array.isArray(cats) || cats.length === 0) {
        throw new ContractError(`field '${name}': a category field needs at least one category`);
      }
      if (new Set(cats).size !== cats.length) throw new ContractError(`field '${name}': categories repeat`);
      if (cats.some((c) => typeof c !== "string"))
        throw new ContractError(`field '${name}': categories must be strings`);
      return;
    }
    case "date":
      return;
    default:
      throw new ContractError(
        `field '${name}': unknown type '${(spec as { type: unknown }).type}' (known: number, integer, category, date, text)`,
      );
  }
}

/** Checks the definition itself and returns a frozen copy, so no one can loosen it at runtime. */
export function defineContract(c: Contract): Contract {
  if (!c || typeof c.name !== "string" || c.name === "") throw new ContractError("a contract needs a name");
  if (!c.fields || typeof c.fields !== "object") throw new ContractError(`contract '${c.name}' needs fields`);
  const fields: Record<string, FieldSpec> = {};
  for (const [name, spec] of Object.entries(c.fields)) {
    checkField(name, spec);
    const copy = { ...spec } as FieldSpec;
    if (copy.type === "category") Object.assign(copy, { categories: Object.freeze([...copy.categories]) });
    fields[name] = Object.freeze(copy);
  }
  return Object.freeze({ name: c.name, fields: Object.freeze(fields) });
}

function fieldSchema(spec: FieldSpec): z.ZodType {
  switch (spec.type) {
    case "number":
    case "integer": {
      let s = spec.type === "integer" ? z.int() : z.number();
      if (spec.min !== undefined) s = s.min(spec.min);
      if (spec.max !== undefined) s = s.max(spec.max);
      return s;
    }
    case "category":
      return z.enum(spec.categories as [string, ...string[]]);
    case "date":
      return z.iso.date();
    case "text": {
      let s = z.string();
      if (spec.minLength !== undefined) s = s.min(spec.minLength);
      if (spec.maxLength !== undefined) s = s.max(spec.maxLength);
      return s;
    }
  }
}

/** Strict zod object: unknown keys fail, optional fields may be absent or null; descriptions and units carried as meta. */
export function contractSchema(c: Contract): z.ZodObject<Record<string, z.ZodType>, z.core.$strict> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(c.fields)) {
    const base = fieldSchema(spec);
    const s = isRequired(spec) ? base : base.nullable().optional();
    const meta: Record<string, string> = {};
    if (spec.description !== undefined) meta.description = spec.description;
    if ("unit" in spec && spec.unit !== undefined) meta["x-unit"] = spec.unit;
    shape[name] = Object.keys(meta).length > 0 ? s.meta(meta) : s;
  }
  return z.strictObject(shape).meta({ title: c.name });
}

const v = (field: string, rule: Violation["rule"], message: string): Violation => ({ field, rule, message });

/** The one violation of a present, non-null value, or null when it passes. */
function checkValue(name: string, spec: FieldSpec, x: unknown): Violation | null {
  const f = `field '${name}'`;
  const got = `(got ${show(x)})`;
  switch (spec.type) {
    case "number":
    case "integer": {
      if (typeof x !== "number" || !Number.isFinite(x))
        return v(name, "type", `${f} must be a finite number ${got}`);
      // Safe integers only, as zod's z.int() does, so both judges agree.
      if (spec.type === "integer" && !Number.isSafeInteger(x))
        return v(name, "type", `${f} must be an integer ${got}`);
      if (spec.min !== undefined && x < spec.min)
        return v(name, "min", `${f} must be at least ${spec.min} ${got}`);
      if (spec.max !== undefined && x > spec.max)
        return v(name, "max", `${f} must be at most ${spec.max} ${got}`);
      return null;
    }
    case "category":
      if (typeof x !== "string")
        return v(name, "type", `${f} must be a string, one of ${list(spec.categories)} ${got}`);
      if (!spec.categories.includes(x))
        return v(name, "category", `${f} must be one of ${list(spec.categories)} ${got}`);
      return null;
    case "date":
      if (typeof x !== "string") return v(name, "type", `${f} must be a date string yyyy-mm-dd ${got}`);
      if (!parseIsoDate(x)) return v(name, "format", `${f} must be a real calendar date yyyy-mm-dd ${got}`);
      return null;
    case "text": {
      if (typeof x !== "string") return v(name, "type", `${f} must be a string ${got}`);
      const n = `${x.length} characters`;
      if (spec.minLength !== undefined && x.length < spec.minLength) {
        return v(
          name,
          "minLength",
          `${f} must be at least ${spec.minLength} characters long (got ${n}: ${show(x)})`,
        );
      }
      if (spec.maxLength !== undefined && x.length > spec.maxLength) {
        return v(
          name,
          "maxLength",
          `${f} must be at most ${spec.maxLength} characters long (got ${n}: ${show(x)})`,
        );
      }
      return null;
    }
  }
}

/**
 * Every violation of a record, contract fields in declared order then unknown keys in record order.
 * By hand rather than from zod issues, for messages that name field, rule and value; the tests hold
 * contractSchema() to the same verdict.
 */
export function validate(c: Contract, record: unknown): ValidationResult {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return {
      ok: false,
      violations: [v("(body)", "object", `the body must be a JSON object (got ${show(record)})`)],
    };
  }
  const rec = record as Record<string, unknown>;
  const violations: Violation[] = [];
  for (const [name, spec] of Object.entries(c.fields)) {
    const x = Object.hasOwn(rec, name) ? rec[name] : undefined;
    if (x === undefined || x === null) {
      if (isRequired(spec))
        violations.push(v(name, "required", `field '${name}' is required (got ${show(x)})`));
      continue;
    }
    const bad = checkValue(name, spec, x);
    if (bad) violations.push(bad);
  }
  for (const key of Object.keys(rec)) {
    if (!Object.hasOwn(c.fields, key))
      violations.push(v(key, "unknown", `field '${key}' is not in the contract`));
  }
  return violations.length === 0 ? { ok: true, value: { ...rec } } : { ok: false, violations };
}
