import fs from "node:fs";
import path from "node:path";
import { LakeError } from "./errors.ts";

const SOURCE = /^[a-z][a-z0-9_-]*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Where files are written before they are published: outside every source's glob. */
export const STAGING = ".staging";

export function checkSource(source: string): string {
  if (typeof source !== "string" || !SOURCE.test(source)) {
    throw new LakeError(`bad lake source name ${JSON.stringify(source)}: must match ${SOURCE}`);
  }
  return source;
}

export function checkDay(day: unknown): string {
  if (typeof day !== "string" || !DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new LakeError(`bad partition day ${JSON.stringify(day)}: must be a yyyy-mm-dd date`);
  }
  // Date.parse rolls 2024-02-31 over; a partition must name a real day.
  if (new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new LakeError(`bad partition day ${JSON.stringify(day)}: no such date`);
  }
  return day;
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function sourceGlob(root: string, source: string): string {
  return path.join(root, source, "*", "*.parquet");
}

export function hasFiles(root: string, source: string): boolean {
  const dir = path.join(root, source);
  if (!fs.existsSync(dir)) return false;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .some(
      (d) => d.isDirectory() && fs.readdirSync(path.join(dir, d.name)).some((f) => f.endsWith(".parquet")),
    );
}

export function listSources(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && SOURCE.test(d.name))
    .map((d) => d.name)
    .sort();
}

// Shared by every Lake in this process: with the pid it keeps names apart across instances and processes.
let sequence = 0;

/** A part file name unique across processes: time, pid and a per-process sequence. */
export function partName(now: number): string {
  sequence += 1;
  return `part-${now}-${process.pid}-${sequence}.parquet`;
}

/**
 * Moves a finished file into its partition without ever replacing another file: link() fails on an
 * existing name (then the next name is tried) and readers only ever see complete files.
 */
export function publish(staged: string, dir: string, now: number): string {
  fs.mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = path.join(dir, partName(now));
    try {
      fs.linkSync(staged, target);
      fs.unlinkSync(staged);
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      if (code === "EPERM" || code === "ENOTSUP" || code === "EXDEV") {
        // Filesystems without hard links: rename is still atomic, just not collision-checked.
        if (fs.existsSync(target)) continue;
        fs.renameSync(staged, target);
        return target;
      }
      throw error;
    }
  }
  throw new LakeError(`could not find a free part file name in ${dir}`);
}
