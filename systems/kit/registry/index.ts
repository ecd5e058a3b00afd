export { canaryRoute } from "./canary.ts";
export { RegistryError, UnknownReleaseError } from "./errors.ts";
export { Registry } from "./registry.ts";
export {
  type AliasEntry,
  type AliasMove,
  type Lineage,
  lineageSchema,
  type NewRelease,
  type Release,
} from "./types.ts";
