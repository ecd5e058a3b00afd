import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parseJsonAs } from "../systems/kit/protocol/index.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where archdrill keeps caches and run directories: $ARCHDRILL_HOME or <repo>/.archdrill. */
export function home(): string {
  return path.resolve(process.env.ARCHDRILL_HOME ?? path.join(repoRoot, ".archdrill"));
}

/** Releases are cached by content digest here and shared by every run ($ARCHDRILL_CACHE overrides). */
export const cacheDir = () => path.resolve(process.env.ARCHDRILL_CACHE ?? path.join(home(), "cache"));

export function newRunDir(system: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const dir = path.join(home(), "runs", `${system.replace("/", "-")}-${stamp}-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A git command's output in the repo, or null where git or the checkout is missing. */
export function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: repoRoot, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

let version: string | undefined;
/** archdrill's version and git commit, recorded in every release's lineage. */
export function codeVersion(): string {
  if (version) return version;
  const pkg = parseJsonAs(
    z.object({ version: z.string() }),
    fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"),
    "package.json",
  );
  // Outside a git checkout (e.g. an unpacked tarball) the version alone identifies the code.
  const commit = git(["rev-parse", "--short", "HEAD"]) ?? "unknown";
  version = `archdrill@${pkg.version}+${commit}`;
  return version;
}
