/**
 * Releases as they cross process boundaries: a reference to one is `{unit, number}`, never a name
 * parsed back from a string. `releaseName` makes the display name ("bundle#2") for people and
 * for keys; nothing reads a release back out of it.
 */
import { z } from "zod";

export const releaseRefSchema = z.object({
  unit: z.string().min(1),
  number: z.number().int().positive(),
});
export type ReleaseRef = z.infer<typeof releaseRefSchema>;

/** "bundle#2": for logs, answers and map keys. Never parsed. */
export const releaseName = (r: ReleaseRef): string => `${r.unit}#${r.number}`;

export const sameRelease = (a: ReleaseRef | null, b: ReleaseRef | null): boolean =>
  a !== null && b !== null && a.unit === b.unit && a.number === b.number;

/** What a release was made from and how it scored: enough to rebuild or compare it. */
export const lineageSchema = z.object({
  codeVersion: z.string().min(1),
  dataDigest: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
});
export type Lineage = z.infer<typeof lineageSchema>;

export const releaseSchema = z.object({
  unit: z.string(),
  number: z.number().int().positive(),
  digest: z.string(),
  path: z.string(),
  lineage: lineageSchema,
  createdAt: z.string(),
  note: z.string().nullable(),
});
export type Release = z.infer<typeof releaseSchema>;

export const aliasMoveSchema = z.object({
  id: z.number().int(),
  unit: z.string(),
  alias: z.string(),
  from: z.number().int().nullable(),
  to: z.number().int(),
  who: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type AliasMove = z.infer<typeof aliasMoveSchema>;

export const aliasEntrySchema = z.object({ unit: z.string(), alias: z.string(), release: z.number().int() });
export type AliasEntry = z.infer<typeof aliasEntrySchema>;

/** The aliases every system keeps: what serves, what a canary serves, and what "healthy" was. */
export const ALIASES = {
  production: "production",
  canary: "canary",
  /**
   * The release whose held-out accuracy is the service's healthy baseline (the feedback monitors
   * compare users' reports against it). Set to the initial release when a system is prepared;
   * moved only on purpose, never by a deploy.
   */
  baseline: "baseline",
} as const;
