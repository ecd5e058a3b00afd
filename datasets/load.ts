import fs from "node:fs";
import { DatasetError } from "./errors.ts";
import { parseRows, type RawRow } from "./formats.ts";
import { companionCandidates, missingError, packagePath, requireFile, sha256 } from "./locate.ts";
import { type DatasetManifest, manifest } from "./manifest.ts";

export { DatasetError } from "./errors.ts";
export type Row = Record<string, string | number | null>;

/**
 * Path of a manifest's file: inside its package, or (file datasets) the configured path or the
 * download cache. Throws the what-to-do error when a file dataset is nowhere.
 */
export function datasetPath(m: DatasetManifest): string {
  return m.kind === "file" ? requireFile(m) : packagePath(m);
}

function typed(m: DatasetManifest, raw: RawRow): Row {
  const row: Row = {};
  for (const c of m.columns) {
    const v = raw[c.from ?? c.name];
    if (v === undefined || v === null || v === "") row[c.name] = null;
    else if (c.type === "number" || c.type === "integer") row[c.name] = Number(v);
    else row[c.name] = String(v);
  }
  for (const d of m.derived ?? []) row[d.name] = d.of(row);
  return row;
}

/** Reads a file and refuses it unless its SHA-256 is the one the manifest pins. */
function verified(name: string, file: string, expected: string): Buffer {
  const bytes = fs.readFileSync(file);
  const digest = sha256(bytes);
  if (digest !== expected)
    throw new DatasetError(
      `dataset '${name}': ${file} has sha256 ${digest}, the manifest expects ${expected}`,
    );
  return bytes;
}

/** A companion's text, found beside the main file or in the cache, digest-checked. */
function companionReader(m: DatasetManifest, main: string) {
  return (file: string): string => {
    if (m.kind !== "file")
      throw new DatasetError(`dataset '${m.name}' is a package file: it has no companions`);
    const c = m.companions?.find((x) => x.file === file);
    if (!c) throw new DatasetError(`dataset '${m.name}' declares no companion '${file}'`);
    const tried = companionCandidates(m, c, main);
    const found = tried.find((p) => fs.existsSync(p));
    if (!found) throw missingError(m, `companion ${file}`, tried);
    return verified(m.name, found, c.sha256).toString("utf8");
  };
}

// Keyed by name and path: a dataset read from another place (env var, cache) is read again.
const cache = new Map<string, Row[]>();

/**
 * Loads a manifest's rows: finds the file, checks its SHA-256, types its columns, sorts by time.
 * Synchronous: a file dataset must already be on disk (see ensureDataset in ensure.ts).
 */
export function loadManifest(m: DatasetManifest): Row[] {
  const file = datasetPath(m);
  const key = `${m.name}\u0000${file}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const text = verified(m.name, file, m.sha256).toString("utf8");
  const rows = parseRows(m.format, text, companionReader(m, file))
    .map((r) => typed(m, r))
    .filter((r) => (m.required ?? []).every((c) => r[c] !== null && r[c] !== undefined));
  const t = m.timeColumn;
  // Without a time column the file's order is kept (a stable, documented order).
  if (t) rows.sort((a, b) => String(a[t]).localeCompare(String(b[t])));
  cache.set(key, rows);
  return rows;
}

/** Loads a dataset by name (see loadManifest). */
export function loadDataset(name: string): Row[] {
  const m = manifest[name];
  if (!m) throw new DatasetError(`unknown dataset '${name}'; known: ${Object.keys(manifest).join(", ")}`);
  return loadManifest(m);
}
