/**
 * The paper's database: MySQL (MariaDB here) behind the same Store as SQLite. One connection per
 * store, as SQLite has one handle: statements run in order, and `begin`/`commit` through exec
 * bracket what runs between them.
 */
import mysql from "mysql2/promise";
import { statements, toMysql } from "./dialect.ts";
import { type RunResult, type SqlParam, type Store, StoreError } from "./store.ts";

/** mysql://user:pass@host:port/db; mariadb:// is the same protocol. */
export function mysqlUri(url: string): string {
  return url.replace(/^mariadb:\/\//, "mysql://");
}

const toMysqlParams = (p: readonly SqlParam[]) => p.map((v) => (typeof v === "boolean" ? Number(v) : v));

export function mysqlStore(url: string): Store {
  // Opened at the first call: openStore is synchronous, a connection is not.
  let opened: Promise<mysql.Connection> | null = null;
  const connection = () => {
    opened ??= mysql.createConnection({ uri: mysqlUri(url), dateStrings: true }).catch((err) => {
      opened = null;
      throw new StoreError(`cannot connect to ${redact(url)}: ${(err as Error).message}`);
    });
    return opened;
  };
  const query = async (sql: string, params: readonly SqlParam[] = []) =>
    (await connection()).query(toMysql(sql), toMysqlParams(params));
  return {
    kind: "mysql",
    async exec(sql) {
      const c = await connection();
      for (const s of statements(sql)) await c.query(toMysql(s));
    },
    async all<T>(sql: string, params: readonly SqlParam[] = []) {
      const [rows] = await query(sql, params);
      return rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlParam[] = []) {
      const [rows] = await query(sql, params);
      return (rows as T[])[0];
    },
    async run(sql, params = []): Promise<RunResult> {
      const [r] = await query(sql, params);
      const header = r as mysql.ResultSetHeader;
      return { changes: header.affectedRows, lastId: header.insertId };
    },
    async close() {
      if (opened) await (await opened).end();
      opened = null;
    },
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** The server URL with `database` as its path. */
export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(mysqlUri(serverUrl));
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates a database of its own for one system (a run directory), binary collation so strings
 * compare as they do in SQLite; returns its URL.
 */
export async function createDatabase(serverUrl: string, database: string): Promise<string> {
  if (!/^[a-z0-9_]{1,64}$/.test(database))
    throw new StoreError(`database name '${database}' must match [a-z0-9_]{1,64}`);
  const c = await mysql.createConnection({ uri: mysqlUri(serverUrl) }).catch((err) => {
    throw new StoreError(`cannot connect to ${redact(serverUrl)}: ${(err as Error).message}`);
  });
  try {
    await c.query(`create database if not exists ${database} character set utf8mb4 collate utf8mb4_bin`);
  } finally {
    await c.end();
  }
  return withDatabase(serverUrl, database);
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  if (!/^[a-z0-9_]{1,64}$/.test(database))
    throw new StoreError(`database name '${database}' must match [a-z0-9_]{1,64}`);
  const c = await mysql.createConnection({ uri: mysqlUri(serverUrl) });
  try {
    await c.query(`drop database if exists ${database}`);
  } finally {
    await c.end();
  }
}
