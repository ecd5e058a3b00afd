/**
 * The runtime database behind a small async interface. SQLite is the embedded default; the
 * interface is async so a networked database (MySQL/MariaDB by URL) can sit behind it unchanged.
 */
export type SqlParam = string | number | boolean | null;

export interface RunResult {
  changes: number;
  lastId: number;
}

export interface Store {
  readonly kind: string;
  /** DDL or several statements, no parameters. */
  exec(sql: string): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlParam[]): Promise<RunResult>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  override name = "StoreError";
}

/** Runs every call of a store through `around` (timing, fault injection); close passes straight through. */
export function aroundCalls(inner: Store, around: <R>(call: () => Promise<R>) => Promise<R>): Store {
  return {
    kind: inner.kind,
    exec: (sql) => around(() => inner.exec(sql)),
    all: (sql, params) => around(() => inner.all(sql, params)),
    get: (sql, params) => around(() => inner.get(sql, params)),
    run: (sql, params) => around(() => inner.run(sql, params)),
    close: () => inner.close(),
  };
}
