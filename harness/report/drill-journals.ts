/**
 * Finds drill journals in a folder that is not a run directory: a study's `<plan>-drills/` folder
 * (`<team>/<n>-<task>-<pattern>/journal.jsonl`), the `drills/` folder of `archdrill drill start`, or
 * one drill's own folder. Only journal.jsonl counts (aborted attempts are set aside under other names).
 */
import fs from "node:fs";
import path from "node:path";
import { journalIn } from "../trial/journal.ts";

/** Folders deeper than this below the given one are not searched (plan-drills/team/drill is 2). */
const MAX_DEPTH = 3;

/**
 * Each folder holding a journal, as its path relative to dir with "/" separators (the trial id),
 * sorted; dir's own journal, if any, is named by dir's base name. Symbolic links are not followed.
 */
export function findDrillJournals(dir: string): { id: string; file: string }[] {
  const found: { id: string; file: string }[] = [];
  const walk = (folder: string, depth: number) => {
    const file = journalIn(folder);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
      const rel = path.relative(dir, folder).split(path.sep).join("/");
      found.push({ id: rel || path.basename(path.resolve(dir)), file });
    }
    if (depth >= MAX_DEPTH) return;
    for (const d of fs.readdirSync(folder, { withFileTypes: true }))
      if (d.isDirectory() && !d.name.startsWith(".")) walk(path.join(folder, d.name), depth + 1);
  };
  walk(dir, 0);
  return found.sort((a, b) => a.id.localeCompare(b.id));
}
