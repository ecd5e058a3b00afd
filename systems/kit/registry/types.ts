import type { Lineage } from "../protocol/index.ts";

export {
  type AliasEntry,
  type AliasMove,
  type Lineage,
  lineageSchema,
  type Release,
} from "../protocol/index.ts";

export interface NewRelease {
  digest: string;
  path: string;
  lineage: Lineage;
  note?: string;
}
