import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { RunResult, SqlParam, Store } from "./store.ts";

const toSqlite = (p: readonly SqlParam[]) => p.map((v) => (typeof v === "boolean" ? Number(v) : v));

const MAX_STATEMENTS = 256;

/** SQLite store; WAL so a second process (a reader, a test) can open the same file. */
export function sqliteStore(file: string): Store {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  // WAL's recommended setting: a commit survives the process dying (kill -9); only a power cut may
  // lose the last ones. FULL would fsync every answer's insert.
  db.pragma("synchronous = NORMAL");
  // A request runs the same few statements every time: compile each once.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      // Bounded all the same: SQL built from a list's length must not grow it forever.
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value as string);
      statements.set(sql, st);
    }
    return st;
  };
  return {
    kind: "sqlite",
    async exec(sql) {
      db.exec(sql);
    },
    async all<T>(sql: string, params: readonly SqlParam[] = []) {
      return prepared(sql).all(...toSqlite(params)) as T[];
    },
    async get<T>(sql: string, params: readonly SqlParam[] = []) {
      return prepared(sql).get(...toSqlite(params)) as T | undefined;
    },
    async run(sql, params = []): Promise<RunResult> {
      const r = prepared(sql).run(...toSqlite(params));
      return { changes: r.changes, lastId: Number(r.lastInsertRowid) };
    },
    async close() {
      db.close();
    },
  };
}
