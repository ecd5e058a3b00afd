/**
 * Packs a run for keeping (committing a reference run): every finished trial journal gzipped in
 * place. The report, compare and resume read a packed journal as they read a plain one.
 */
import fs from "node:fs";
import path from "node:path";
import { packJournal } from "../trial/journal.ts";

export function packRun(runDir: string): { packed: number; left: string[] } {
  const trials = path.join(runDir, "trials");
  if (!fs.existsSync(trials)) return { packed: 0, left: [] };
  let packed = 0;
  const left: string[] = [];
  for (const d of fs.readdirSync(trials, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const dir = path.join(trials, d.name);
    if (packJournal(dir)) packed++;
    else if (fs.existsSync(path.join(dir, "journal.jsonl"))) left.push(d.name);
  }
  return { packed, left: left.sort() };
}
