import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DatasetError } from "./errors.ts";
import {
  badEnvError,
  cachedPath,
  companionCandidates,
  datasetCacheDir,
  locateFile,
  packagePath,
  sha256,
} from "./locate.ts";
import { type DatasetManifest, manifest } from "./manifest.ts";

export interface EnsureOptions {
  /** Per file, from request to last byte. */
  timeoutMs?: number;
}

/** 2.5 MB from a CDN: a minute is generous; a hung connection must not hang a run. */
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Fetches `url`, checks its SHA-256 and only then writes it to `dest` (via a temporary file and a
 * rename, so a crash or a concurrent run never leaves a partial file). A wrong digest writes nothing.
 */
export async function download(
  url: string,
  expected: string,
  dest: string,
  timeoutMs: number,
): Promise<void> {
  let bytes: Buffer;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    // fetch hides the reason (refused, DNS, TLS) in `cause`: an operator needs it.
    const cause = e instanceof Error && e.cause ? ` (${String(e.cause)})` : "";
    const why =
      e instanceof Error && e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `${e}${cause}`;
    throw new DatasetError(`could not download ${url}: ${why}`);
  }
  const actual = sha256(bytes);
  if (actual !== expected)
    throw new DatasetError(`download of ${url} has sha256 ${actual}, expected ${expected}; not kept`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.${process.pid}-${randomBytes(4).toString("hex")}.part`;
  try {
    fs.writeFileSync(part, bytes);
    fs.renameSync(part, dest);
  } finally {
    fs.rmSync(part, { force: true });
  }
}

/**
 * Makes a manifest's file (and companions) present on disk, downloading what is missing into the
 * cache; returns the main file's path. A package dataset is already there. Files found are not
 * checked here: loadDataset checks every digest it reads.
 */
export async function ensureManifest(m: DatasetManifest, opts: EnsureOptions = {}): Promise<string> {
  if (m.kind !== "file") return packagePath(m);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let main = locateFile(m);
  if (!main) {
    // A set env var is the user's choice of file: a download elsewhere would not be read anyway.
    if (process.env[m.envVar]) throw badEnvError(m);
    main = cachedPath(m);
    await download(m.url, m.sha256, main, timeoutMs);
  }
  for (const c of m.companions ?? []) {
    if (companionCandidates(m, c, main).some((p) => fs.existsSync(p))) continue;
    await download(c.url, c.sha256, path.join(datasetCacheDir(m.name), c.file), timeoutMs);
  }
  return main;
}

/**
 * Run once (awaited) before loadDataset(name) on a machine that may lack the file: a no-op when
 * the file is at its configured path or already cached, a checked download otherwise.
 */
export async function ensureDataset(name: string, opts: EnsureOptions = {}): Promise<string> {
  const m = manifest[name];
  if (!m) throw new DatasetError(`unknown dataset '${name}'; known: ${Object.keys(manifest).join(", ")}`);
  return ensureManifest(m, opts);
}
