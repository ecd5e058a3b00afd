/**
 * A registry of named plugins (tasks, patterns, faults, detectors, ...): the single list the rest
 * of the code reads, so adding a plugin is one line in its folder's index and nothing else. An
 * unknown name fails with the list of known ones, as a typed error of the area that owns the list.
 */
export class UnknownNameError extends Error {
  override name = "UnknownNameError";
  constructor(
    readonly kind: string,
    readonly asked: string,
    readonly known: readonly string[],
  ) {
    super(`unknown ${kind} '${asked}'; known: ${known.join(", ")}`);
  }
}

export interface Catalog<T> {
  readonly kind: string;
  /** Every registered name, in registration order. */
  readonly names: readonly string[];
  all(): readonly T[];
  has(name: string): boolean;
  get(name: string): T;
}

export function catalog<T>(
  kind: string,
  entries: readonly T[],
  nameOf: (entry: T) => string,
  /** The area's own error for an unknown name (default UnknownNameError). */
  unknown: (kind: string, asked: string, known: readonly string[]) => Error = (k, a, n) =>
    new UnknownNameError(k, a, n),
): Catalog<T> {
  const byName = new Map<string, T>();
  for (const e of entries) {
    const name = nameOf(e);
    if (byName.has(name)) throw new Error(`${kind} '${name}' is registered twice`);
    byName.set(name, e);
  }
  const names = Object.freeze([...byName.keys()]);
  const all = Object.freeze([...byName.values()]);
  return {
    kind,
    names,
    all: () => all,
    has: (name) => byName.has(name),
    get(name) {
      const hit = byName.get(name);
      if (hit === undefined) throw unknown(kind, name, names);
      return hit;
    },
  };
}
