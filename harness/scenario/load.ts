/**
 * Reads scenario files. Everything that can go wrong (a missing file, YAML syntax, the schema, a
 * rule that needs the task or the fault catalog) ends as one ScenarioError whose lines each name
 * the file, the key and the line, so a trial never starts on a scenario it would misread.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { repoRoot } from "../paths.ts";
import { ScenarioError } from "./errors.ts";
import { sentences } from "./messages.ts";
import { type Scenario, scenarioSchema } from "./schema.ts";

export interface LoadedScenario {
  scenario: Scenario;
  /** Relative to the repo root when the file is inside it (what journals record), else absolute. */
  file: string;
  /** sha256 of the file's bytes, hex: which exact scenario a trial ran. */
  digest: string;
}

/** How a file is named in messages and journals. */
export function displayName(file: string): string {
  const abs = path.resolve(file);
  const rel = path.relative(repoRoot, abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : abs;
}

/** The 1-based line of the key at `path`, or of its nearest ancestor present in the document. */
function lineFinder(doc: Document, counter: LineCounter) {
  return (keys: PropertyKey[]): number | undefined => {
    for (let n = keys.length; n > 0; n--) {
      const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
      const last = keys[n - 1];
      let node: unknown;
      if (isMap(parent)) {
        node = parent.items.find((p) => isScalar(p.key) && p.key.value === last)?.key;
      } else if (isNode(parent) && typeof last === "number") {
        node = doc.getIn(keys.slice(0, n), true);
      }
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/** Parses and validates a scenario's YAML text; `name` is how messages name the file. */
export function parseScenario(text: string, name: string): Scenario {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const line = e.linePos?.[0];
        const where = line ? ` at line ${line.line}, column ${line.col}` : "";
        // The pretty message repeats the position and draws the line; the sentence needs neither.
        const what = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        return `${name}: YAML syntax error${where}: ${what}`;
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new ScenarioError([
      `${name}: the file is empty; a scenario needs title, task, timeline, faults and groundTruth`,
    ]);
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ScenarioError([
      `${name}: a scenario must be a mapping of keys (title, task, ...), not ${Array.isArray(raw) ? "a list" : "a single value"}`,
    ]);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ScenarioError(sentences(name, parsed.error.issues, raw, lineFinder(doc, counter)));
}

/** Reads, validates and fingerprints one scenario file. */
export function loadScenario(file: string): LoadedScenario {
  const name = displayName(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new ScenarioError([`${name}: cannot read the scenario (${why})`]);
  }
  const scenario = parseScenario(bytes.toString("utf8"), name);
  return { scenario, file: name, digest: createHash("sha256").update(bytes).digest("hex") };
}
