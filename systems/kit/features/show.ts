/** Short, readable rendering of an offending value for violation messages. */
const MAX = 60;

function cut(s: string): string {
  return s.length > MAX ? `${s.slice(0, MAX)}…` : s;
}

export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return `'${cut(value)}'`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  try {
    // JSON keeps arrays and objects recognisable; a cyclic value falls back to its tag.
    return cut(JSON.stringify(value) ?? String(value));
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** "a, b, c" for category lists in messages. */
export function list(items: readonly string[]): string {
  return items.join(", ");
}
