/**
 * The paper's database: MySQL (MariaDB here) behind the same Store as SQLite. One connection per
 * store, as SQLite has one handle: statements run in order, and `begin`/`commit` through exec
 * bracket what runs between them. A system provisions its own database: the first connection
 * creates it if the server lacks it (binary collation, so strings compare as they do in SQLite).
 */
import mysql from "mysql2/promise";
import { DATABASE_NAME, mysqlUri, redactUrl } from "../protocol/index.ts";
import { statements, toMysql } from "./dialect.ts";
import { type RunResult, type SqlParam, type Store, StoreError } from "./store.ts";

const toMysqlParams = (p: readonly SqlParam[]) => p.map((v) => (typeof v === "boolean" ? Number(v) : v));

async function connect(url: string): Promise<mysql.Connection> {
  const u = new URL(mysqlUri(url));
  const database = decodeURIComponent(u.pathname.slice(1));
  if (database && !DATABASE_NAME.test(database))
    throw new StoreError(`database name '${database}' must match ${DATABASE_NAME}`);
  u.pathname = "/";
  let c: mysql.Connection;
  try {
    c = await mysql.createConnection({ uri: u.toString(), dateStrings: true });
  } catch (err) {
    throw new StoreError(`cannot connect to ${redactUrl(url)}: ${(err as Error).message}`);
  }
  if (database) {
    await c.query(`create database if not exists ${database} character set utf8mb4 collate utf8mb4_bin`);
    await c.changeUser({ database });
  }
  return c;
}

export function mysqlStore(url: string): Store {
  // Opened at the first call: openStore is synchronous, a connection is not.
  let opened: Promise<mysql.Connection> | null = null;
  const connection = () => {
    opened ??= connect(url).catch((err: unknown) => {
      opened = null;
      throw err;
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
      const c = opened;
      opened = null;
      if (c) await (await c).end();
    },
  };
}
