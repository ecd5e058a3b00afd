import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DatasetError } from "./errors.ts";
import type { Companion, FileDataset, PackageDataset } from "./manifest.ts";

const require = createRequire(import.meta.url);

/** A file dataset's default path is relative to this (datasets/ sits at the repo root). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Downloaded datasets live in $ARCHDRILL_CACHE/datasets/<name>/. Same default as harness/paths.ts
 * (which datasets/ may not import): $ARCHDRILL_CACHE, else $ARCHDRILL_HOME/cache, else <repo>/.archdrill/cache.
 */
export function datasetCacheDir(name: string): string {
  const home = process.env.ARCHDRILL_HOME ?? path.join(repoRoot, ".archdrill");
  return path.resolve(process.env.ARCHDRILL_CACHE ?? path.join(home, "cache"), "datasets", name);
}

/** Where a download of the main file goes: the cache, under the file name of its address. */
export function cachedPath(m: FileDataset): string {
  return path.join(datasetCacheDir(m.name), path.basename(new URL(m.url).pathname));
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Path of a manifest's file inside its installed package (read with fs: no CDN). */
export function packagePath(m: PackageDataset): string {
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

/** Where a file dataset is looked for, in order; an env var that is set is the only place tried. */
export function candidates(m: FileDataset): { path: string; why: string }[] {
  const env = process.env[m.envVar];
  // An explicit path that is wrong must fail loudly, not be papered over by another copy.
  if (env) return [{ path: path.resolve(env), why: `$${m.envVar}` }];
  return [
    { path: path.resolve(repoRoot, m.defaultPath), why: `default path ${m.defaultPath} from the repo root` },
    { path: cachedPath(m), why: "download cache" },
  ];
}

/** The file a file dataset reads, or null when it is in none of its places. */
export function locateFile(m: FileDataset): string | null {
  return candidates(m).find((c) => fs.existsSync(c.path))?.path ?? null;
}

/** Where a companion is looked for: beside the main file, then in the download cache. */
export function companionCandidates(m: FileDataset, c: Companion, main: string): string[] {
  return [...new Set([path.join(path.dirname(main), c.file), path.join(datasetCacheDir(m.name), c.file)])];
}

/** What to do when a file dataset is nowhere: the places tried and the two ways out. */
export function missingError(m: FileDataset, what: string, tried: string[]): DatasetError {
  const beside = (m.companions ?? []).map((c) => c.file);
  return new DatasetError(
    `dataset '${m.name}': ${what} not found; tried ${tried.join(", ")}. ` +
      `Set ${m.envVar} to the path of a local copy of ${path.basename(m.defaultPath)}` +
      (beside.length ? ` (with ${beside.join(", ")} beside it)` : "") +
      `, or on a machine with internet access run \`await ensureDataset("${m.name}")\` (datasets/ensure.ts) ` +
      `once to download it from ${m.url} into ${datasetCacheDir(m.name)}.`,
  );
}

/** A set env var naming no file: the user's explicit choice is wrong, so no other copy is used. */
export function badEnvError(m: FileDataset): DatasetError {
  return new DatasetError(
    `dataset '${m.name}': ${m.envVar} is set to ${candidates(m)[0].path}, which does not exist; ` +
      `point it at ${path.basename(m.defaultPath)} or unset it to use ${m.defaultPath} or the download cache.`,
  );
}

/** The main file's path, or the error saying what to do. */
export function requireFile(m: FileDataset): string {
  const found = locateFile(m);
  if (found) return found;
  if (process.env[m.envVar]) throw badEnvError(m);
  throw missingError(
    m,
    path.basename(m.defaultPath),
    candidates(m).map((c) => `${c.path} (${c.why})`),
  );
}
