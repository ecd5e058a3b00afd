import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { RunResult, SqlParam, Store } from "./store.ts";

const toSqlite = (p: readonly SqlParam[]) => p.map((v) => (typeof v === "boolean" ? Number(v) : v));

/** SQLite store; WAL so a second process (a reader, a test) can open the same file. */
export function sqliteStore(file: string): Store {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  return {
    kind: "sqlite",
    async exec(sql) {
      db.exec(sql);
    },
    async all<T>(sql: string, params: readonly SqlParam[] = []) {
      return db.prepare(sql).all(...toSqlite(params)) as T[];
    },
    async get<T>(sql: string, params: readonly SqlParam[] = []) {
      return db.prepare(sql).get(...toSqlite(params)) as T | undefined;
    },
    async run(sql, params = []): Promise<RunResult> {
      const r = db.prepare(sql).run(...toSqlite(params));
      return { changes: r.changes, lastId: Number(r.lastInsertRowid) };
    },
    async close() {
      db.close();
    },
  };
}
