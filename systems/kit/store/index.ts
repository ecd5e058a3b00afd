import { sqliteStore } from "./sqlite.ts";
import { type Store, StoreError } from "./store.ts";

export { type CallObserver, observedStore } from "./observed.ts";
export { sqliteStore } from "./sqlite.ts";
export type { RunResult, SqlParam, Store } from "./store.ts";
export { StoreError } from "./store.ts";

/** Opens a store by URL: `sqlite:<path>` (default) or a bare path; `:memory:` for tests. */
export function openStore(url: string): Store {
  if (url === ":memory:") return sqliteStore(":memory:");
  if (url.startsWith("sqlite:")) return sqliteStore(url.slice("sqlite:".length));
  if (/^[a-z]+:\/\//.test(url)) {
    throw new StoreError(`store URL scheme of '${url}' is not supported yet; known: sqlite:<path>`);
  }
  return sqliteStore(url);
}
export { type FaultyStore, faultyStore, type StoreFault } from "./faulty.ts";
