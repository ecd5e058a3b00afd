/**
 * The services-mode tests' MariaDB (the one this machine kind starts; ARCHDRILL_TEST_MYSQL names
 * another). Where none answers they skip, except under CI=true, where a missing server fails the
 * run instead of passing it silently.
 */
import { hostPort, reachable } from "../http/reachable.ts";
import { DEFAULT_MYSQL } from "../protocol/index.ts";

export const testMysql = process.env.ARCHDRILL_TEST_MYSQL ?? DEFAULT_MYSQL;

/** True where the server answers; throws under CI=true where it does not. */
export async function mysqlAvailable(): Promise<boolean> {
  const { host, port } = hostPort(testMysql, 3306);
  const ok = await reachable(host, port);
  if (!ok && process.env.CI === "true")
    throw new Error(
      `the services-mode tests need MySQL/MariaDB at ${testMysql} and CI=true: failing rather than skipping`,
    );
  return ok;
}
