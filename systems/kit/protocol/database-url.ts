/**
 * Database URLs of services mode, shared by the harness (which names a system's database) and the
 * store (which opens it): pure string work, no driver.
 */
import { createHash } from "node:crypto";
import path from "node:path";

/** The MariaDB this project's machines run (root, no password). */
export const DEFAULT_MYSQL = "mysql://root@127.0.0.1:3306/";

/** mysql://user:pass@host:port/db; mariadb:// is the same protocol. */
export function mysqlUri(url: string): string {
  return url.replace(/^mariadb:\/\//, "mysql://");
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** The server URL with `database` as its path. */
export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(mysqlUri(serverUrl));
  u.pathname = `/${database}`;
  return u.toString();
}

/** A system's own database name, from its run directory (the same on a resume). */
export function databaseNameFor(runDir: string): string {
  return `archdrill_${createHash("sha256").update(path.resolve(runDir)).digest("hex").slice(0, 16)}`;
}

export const DATABASE_NAME = /^[a-z0-9_]{1,64}$/;
