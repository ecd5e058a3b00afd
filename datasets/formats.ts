import { parse } from "csv-parse/sync";
import { DatasetError } from "./errors.ts";
import type { DatasetFormat } from "./manifest.ts";

/** A row as the file gives it, before the manifest types its columns. */
export type RawRow = Record<string, unknown>;
/** Reads a companion file (already digest-checked) by its name. */
export type ReadCompanion = (file: string) => string;

export const clincSplits = ["train", "val", "test", "oos_train", "oos_val", "oos_test"] as const;
export type ClincSplit = (typeof clincSplits)[number];
/** CLINC150's out-of-scope label, used as both intent and domain. */
export const OOS = "oos";

const isPair = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string";

/**
 * data_full.json is { split: [[utterance, intent], ...] }; domains.json is { domain: [intent, ...] }.
 * Rows keep the file's order (splits as its keys come, then each split's order). The digest pins
 * the bytes; these checks only make a changed file fail with a clear message.
 */
function clinc150(text: string, companion: ReadCompanion): RawRow[] {
  const domains: unknown = JSON.parse(companion("domains.json"));
  const domainOf = new Map<string, string>();
  for (const [domain, intents] of Object.entries(domains as Record<string, unknown>)) {
    if (!Array.isArray(intents)) throw new DatasetError(`domains.json: domain '${domain}' is not a list`);
    for (const i of intents) domainOf.set(String(i), domain);
  }
  const data: unknown = JSON.parse(text);
  const rows: RawRow[] = [];
  for (const [split, pairs] of Object.entries(data as Record<string, unknown>)) {
    if (!(clincSplits as readonly string[]).includes(split))
      throw new DatasetError(`clinc150: unknown split '${split}'; known: ${clincSplits.join(", ")}`);
    if (!Array.isArray(pairs)) throw new DatasetError(`clinc150: split '${split}' is not a list`);
    for (const pair of pairs) {
      if (!isPair(pair))
        throw new DatasetError(`clinc150: split '${split}' has a row that is not [text, intent]`);
      const [utterance, intent] = pair;
      const domain = intent === OOS ? OOS : domainOf.get(intent);
      if (domain === undefined)
        throw new DatasetError(`clinc150: intent '${intent}' is in no domain of domains.json`);
      rows.push({ text: utterance, intent, split, domain });
    }
  }
  return rows;
}

/** A dataset file's rows as the file gives them (CLINC150 also reads its domains.json). */
export function parseRows(format: DatasetFormat, text: string, companion: ReadCompanion): RawRow[] {
  if (format === "csv") return parse(text, { columns: true, skip_empty_lines: true });
  if (format === "json") return JSON.parse(text);
  return clinc150(text, companion);
}
