import { createHash } from "node:crypto";

/**
 * Canonical text of one value: object keys sorted, undefined keys dropped (as JSON does), bigint as a
 * JS number (DuckDB returns BIGINT as bigint, SQLite as number), a Date as yyyy-mm-dd when it is a
 * UTC midnight else its ISO string, and other class instances (e.g. DuckDB DATE values) by their
 * String(), which is their yyyy-mm-dd text. Non-finite numbers get bare tokens so NaN is not null.
 */
function canon(x: unknown): string {
  if (x === null || x === undefined) return "null";
  if (typeof x === "number") return Number.isFinite(x) ? JSON.stringify(x) : String(x);
  if (typeof x === "bigint") return canon(Number(x));
  if (typeof x === "string" || typeof x === "boolean") return JSON.stringify(x);
  if (x instanceof Date) {
    if (Number.isNaN(x.getTime())) return "InvalidDate";
    const iso = x.toISOString();
    return JSON.stringify(iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso);
  }
  if (Array.isArray(x)) return `[${x.map(canon).join(",")}]`;
  if (typeof x === "object") {
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return JSON.stringify(String(x));
    const obj = x as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canon(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(String(x));
}

/** sha256 hex of the rows in order, each row with sorted keys: the same data from any store gives the same digest. */
export function digestRows(rows: Record<string, unknown>[]): string {
  const h = createHash("sha256");
  h.update("[");
  rows.forEach((row, i) => {
    // Hashed row by row so a large training set never becomes one giant string.
    h.update(i === 0 ? canon(row) : `,${canon(row)}`);
  });
  h.update("]");
  return h.digest("hex");
}
