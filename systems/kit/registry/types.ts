import { z } from "zod";

/** What a release was made from and how it scored: enough to rebuild or compare it. */
export const lineageSchema = z.object({
  codeVersion: z.string().min(1),
  dataDigest: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
});
export type Lineage = z.infer<typeof lineageSchema>;

export interface Release {
  unit: string;
  number: number;
  digest: string;
  path: string;
  lineage: Lineage;
  createdAt: string;
  note: string | null;
}

export interface AliasMove {
  id: number;
  unit: string;
  alias: string;
  from: number | null;
  to: number;
  who: string;
  at: string;
  reason: string | null;
}

export interface AliasEntry {
  unit: string;
  alias: string;
  release: number;
}

export interface NewRelease {
  digest: string;
  path: string;
  lineage: Lineage;
  note?: string;
}
