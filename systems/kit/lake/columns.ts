import { LakeError } from "./errors.ts";

export type LakeValue = string | number | boolean | null;
export interface LakeRecord {
  [key: string]: LakeValue;
}

export type ColumnType = "DOUBLE" | "BOOLEAN" | "VARCHAR";
export interface Column {
  name: string;
  type: ColumnType;
}

/**
 * Types each column from the values of one append: numbers DOUBLE, booleans BOOLEAN, strings VARCHAR.
 * A column null everywhere is VARCHAR. A column mixing kinds becomes VARCHAR with values as text, so a
 * batch of quarantined records with a retyped field is still kept rather than refused.
 */
export function inferColumns(records: readonly LakeRecord[], skip: ReadonlySet<string>): Column[] {
  const kinds = new Map<string, Set<string>>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      if (skip.has(name)) continue;
      let seen = kinds.get(name);
      if (!seen) {
        seen = new Set();
        kinds.set(name, seen);
      }
      const kind = kindOf(name, value);
      if (kind !== "null") seen.add(kind);
    }
  }
  return [...kinds].map(([name, seen]) => ({ name, type: typeFor(seen) }));
}

function kindOf(name: string, value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string")
    return typeof value;
  throw new LakeError(
    `column "${name}" holds a ${typeof value}; lake values are string, number, boolean or null`,
  );
}

function typeFor(seen: ReadonlySet<string>): ColumnType {
  if (seen.size !== 1) return "VARCHAR";
  if (seen.has("number")) return "DOUBLE";
  if (seen.has("boolean")) return "BOOLEAN";
  return "VARCHAR";
}

/** One record as a row in column order, coerced to the column's type (missing keys are null). */
export function rowFor(record: LakeRecord, columns: readonly Column[]): LakeValue[] {
  return columns.map(({ name, type }) => {
    const value = record[name];
    if (value === null || value === undefined) return null;
    return type === "VARCHAR" ? String(value) : value;
  });
}

/** Double-quoted SQL identifier: column names come from data, so they are escaped, never trusted. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Single-quoted SQL string literal, used only for file paths the lake itself builds. */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
