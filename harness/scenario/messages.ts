/**
 * Turns zod issues into sentences a scenario author can act on: the key path as written in YAML
 * (faults[0].at), what the rule wants, and for unknown keys the keys that would have been allowed.
 */
import { type core, z } from "zod";
import { faultTypes, getFault } from "../faults/index.ts";
import { jsonSchema } from "./schema.ts";

type Key = PropertyKey;
type JsonNode = { properties?: Record<string, JsonNode>; items?: JsonNode; additionalProperties?: unknown };

/** faults[0].params.source */
export function keyPath(path: readonly Key[]): string {
  return path.reduce<string>((acc, k) => {
    if (typeof k === "number") return `${acc}[${k}]`;
    return acc ? `${acc}.${String(k)}` : String(k);
  }, "");
}

function valueAt(raw: unknown, path: readonly Key[]): { found: boolean; value: unknown } {
  let cur: unknown = raw;
  for (const k of path) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, k as string))
      return { found: false, value: undefined };
    cur = (cur as Record<Key, unknown>)[k];
  }
  return { found: true, value: cur };
}

const show = (v: unknown) => (typeof v === "string" ? `'${v}'` : (JSON.stringify(v) ?? String(v)));
const kindOf = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : show(v);

const expectedNames: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "a string",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

let scenarioJson: JsonNode | undefined;

/** The JSON Schema node that describes the value at `path`, switching to the fault's own params schema. */
function nodeAt(raw: unknown, path: readonly Key[]): JsonNode | undefined {
  scenarioJson ??= jsonSchema() as JsonNode;
  let node: JsonNode | undefined = scenarioJson;
  for (let i = 0; i < path.length && node; i++) {
    const k = path[i];
    if (k === "params") {
      const type = valueAt(raw, [...path.slice(0, i), "type"]).value;
      if (typeof type !== "string" || !faultTypes.includes(type)) return undefined;
      try {
        node = z.toJSONSchema(getFault(type).params, { io: "input", unrepresentable: "any" }) as JsonNode;
      } catch {
        return undefined;
      }
      continue;
    }
    node = typeof k === "number" ? node.items : node.properties?.[k as string];
  }
  return node;
}

/** The phrase after "key 'x' ": what the rule at that key wants. */
function phrase(issue: core.$ZodIssue, raw: unknown): string {
  const at = valueAt(raw, issue.path);
  switch (issue.code) {
    case "invalid_type":
      if (!at.found || at.value === undefined) return "is required";
      return `must be ${expectedNames[issue.expected] ?? issue.expected} (got ${kindOf(at.value)})`;
    case "too_big":
      if (issue.origin === "array") return `must have at most ${issue.maximum} items`;
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters long`;
      return issue.inclusive === false
        ? `must be less than ${issue.maximum}`
        : `must be at most ${issue.maximum}`;
    case "too_small":
      if (issue.origin === "array")
        return `must have at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`;
      if (issue.origin === "string")
        return Number(issue.minimum) === 1
          ? "must not be empty"
          : `must be at least ${issue.minimum} characters long`;
      return issue.inclusive === false
        ? `must be greater than ${issue.minimum}`
        : `must be at least ${issue.minimum}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")} (got ${show(at.value)})`;
    case "custom":
      return issue.message;
    default:
      return `is invalid: ${issue.message}`;
  }
}

/** One sentence per problem; unknown keys get one each, listing the keys allowed there. */
export function sentences(
  name: string,
  issues: readonly core.$ZodIssue[],
  raw: unknown,
  lineOf: (path: Key[]) => number | undefined,
): string[] {
  const where = (path: Key[]) => {
    const line = lineOf(path);
    return line === undefined ? "" : ` (line ${line})`;
  };
  return issues.flatMap((issue) => {
    const path = [...issue.path];
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(nodeAt(raw, path)?.properties ?? {});
      const allowed = known.length ? `; known keys there: ${known.join(", ")}` : "";
      return issue.keys.map(
        (k) => `${name}: unknown key '${keyPath([...path, k])}'${allowed}${where([...path, k])}`,
      );
    }
    if (path.length === 0) return [`${name}: ${phrase(issue, raw)}`];
    return [`${name}: key '${keyPath(path)}' ${phrase(issue, raw)}${where(path)}`];
  });
}
