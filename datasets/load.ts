import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { type DatasetManifest, manifest } from "./manifest.ts";

export type Row = Record<string, string | number | null>;

export class DatasetError extends Error {
  override name = "DatasetError";
}

const require = createRequire(import.meta.url);

/** Path of a manifest's file inside its installed package (read with fs: no CDN). */
export function datasetPath(m: DatasetManifest): string {
  // Some packages export no ./package.json: find the package root above its main entry.
  let dir = path.dirname(require.resolve(m.package));
  const isRoot = (d: string) =>
    fs.existsSync(path.join(d, "package.json")) &&
    JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")).name === m.package;
  while (!isRoot(dir)) {
    const up = path.dirname(dir);
    if (up === dir) throw new DatasetError(`cannot find the root of package '${m.package}'`);
    dir = up;
  }
  return path.join(dir, m.file);
}

function typed(m: DatasetManifest, raw: Record<string, unknown>): Row {
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

const cache = new Map<string, Row[]>();

/** Loads a dataset by name, checks its SHA-256 against the manifest, types its columns, sorts by time. */
export function loadDataset(name: string): Row[] {
  const m = manifest[name];
  if (!m) throw new DatasetError(`unknown dataset '${name}'; known: ${Object.keys(manifest).join(", ")}`);
  const hit = cache.get(name);
  if (hit) return hit;
  const bytes = fs.readFileSync(datasetPath(m));
  const digest = createHash("sha256").update(bytes).digest("hex");
  if (digest !== m.sha256) {
    throw new DatasetError(`dataset '${name}' has sha256 ${digest}, the manifest expects ${m.sha256}`);
  }
  const text = bytes.toString("utf8");
  const raw: Record<string, unknown>[] =
    m.format === "csv" ? parse(text, { columns: true, skip_empty_lines: true }) : JSON.parse(text);
  const rows = raw
    .map((r) => typed(m, r))
    .filter((r) => (m.required ?? []).every((c) => r[c] !== null && r[c] !== undefined));
  const t = m.timeColumn;
  // Without a time column the file's order is kept (a stable, documented order).
  if (t) rows.sort((a, b) => String(a[t]).localeCompare(String(b[t])));
  cache.set(name, rows);
  return rows;
}
