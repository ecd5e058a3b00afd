import {
  DuckDBTypeId,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
  JSDuckDBValueConverter,
  JsonDuckDBValueConverter,
} from "@duckdb/node-api";
import { LakeError } from "./errors.ts";

/**
 * Result values as plain JS: BIGINT to number when it is safe (else a decimal string, to stay lossless),
 * DATE to "yyyy-mm-dd", timestamps to ISO strings; nested values are converted the same way.
 */
export const plainConverter: DuckDBValueConverter<JS> = (value, type, self) => {
  if (value === null) return null;
  if (type.typeId === DuckDBTypeId.DATE)
    return JsonDuckDBValueConverter(value, type, JsonDuckDBValueConverter);
  const js = JSDuckDBValueConverter(value, type, self);
  if (typeof js === "bigint") {
    return js >= BigInt(Number.MIN_SAFE_INTEGER) && js <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(js)
      : js.toString();
  }
  if (js instanceof Date) return Number.isNaN(js.getTime()) ? String(value) : js.toISOString();
  return js;
};

/** Query parameters are bound, never spliced into SQL; only scalars are accepted. */
export function toParams(params: readonly unknown[]): DuckDBValue[] {
  return params.map((p, i) => {
    if (p === null || p === undefined) return null;
    if (typeof p === "string" || typeof p === "number" || typeof p === "boolean" || typeof p === "bigint")
      return p;
    throw new LakeError(
      `query parameter ${i + 1} is a ${typeof p}; use string, number, boolean, bigint or null`,
    );
  });
}
