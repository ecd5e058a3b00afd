/**
 * The services-mode tests' MariaDB (the one this machine kind starts; ARCHDRILL_TEST_MYSQL names
 * another). Where none answers they skip, except under CI=true, where a missing server fails the
 * run instead of passing it silently.
 */
import mysql from "mysql2/promise";
import { mysqlUri } from "../../systems/kit/store/mysql.ts";
import { DEFAULT_MYSQL } from "../deploy/services.ts";

export const testMysql = process.env.ARCHDRILL_TEST_MYSQL ?? DEFAULT_MYSQL;

async function answers(url: string): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ uri: mysqlUri(url), connectTimeout: 3000 });
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** True where the server answers; throws under CI=true where it does not. */
export async function mysqlAvailable(): Promise<boolean> {
  const ok = await answers(testMysql);
  if (!ok && process.env.CI === "true")
    throw new Error(
      `the services-mode tests need MySQL/MariaDB at ${testMysql} and CI=true: failing rather than skipping`,
    );
  return ok;
}
