import { mysqlStore } from "./mysql.ts";
import { sqliteStore } from "./sqlite.ts";
import { type Store, StoreError } from "./store.ts";

export { type CallObserver, observedStore } from "./observed.ts";
export { sqliteStore } from "./sqlite.ts";
export type { RunResult, SqlParam, Store } from "./store.ts";
export { StoreError } from "./store.ts";

/**
 * Opens a store by URL: `sqlite:<path>` (default) or a bare path; `:memory:` for tests;
 * `mysql://` or `mariadb://` for the paper's database (services mode).
 */
export function openStore(url: string): Store {
  if (url === ":memory:") return sqliteStore(":memory:");
  if (url.startsWith("sqlite:")) return sqliteStore(url.slice("sqlite:".length));
  if (/^(mysql|mariadb):\/\//.test(url)) return mysqlStore(url);
  if (/^[a-z]+:\/\//.test(url)) {
    throw new StoreError(
      `store URL scheme of '${url.split("://")[0]}' is not supported; known: sqlite:<path>, mysql://, mariadb://`,
    );
  }
  return sqliteStore(url);
}
export { type FaultyStore, faultyStore, type StoreFault } from "./faulty.ts";
