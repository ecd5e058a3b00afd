/** The services-mode tests' MariaDB: the one this machine kind starts, or ARCHDRILL_TEST_MYSQL. */
import { serviceForTests } from "../http/reachable.ts";
import { DEFAULT_MYSQL } from "../protocol/index.ts";

export const testMysql = process.env.ARCHDRILL_TEST_MYSQL ?? DEFAULT_MYSQL;

/** True where the server answers; throws under CI=true where it does not (reachable.ts). */
export const mysqlAvailable = () => serviceForTests("MySQL/MariaDB", testMysql, 3306);
