/**
 * Where the systems' external services come from, one of three modes:
 * - embedded (default): each system's database is a SQLite file in its run directory; nothing to run.
 * - external: a MySQL/MariaDB server you run (`--mysql <url>`); each system gets a database of its own there.
 * - containers: testcontainers starts a MySQL server in Docker for the run and stops it after; needs a
 *   Docker engine.
 */
import { hostPort, reachable } from "../../systems/kit/http/reachable.ts";
import { DEFAULT_MYSQL, redactUrl } from "../../systems/kit/protocol/index.ts";
import type { Services } from "./prepare.ts";

export const SERVICE_MODES = ["embedded", "external", "containers"] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export { DEFAULT_MYSQL };

export class ServicesError extends Error {
  override name = "ServicesError";
}

export interface ResolvedServices {
  mode: ServiceMode;
  /** undefined in embedded mode. */
  services?: Services;
  /** Stops what the mode started (containers); nothing otherwise. */
  stop(): Promise<void>;
}

/**
 * Checks the server answers before any system relies on it. Only reachability: the harness never
 * opens a system's database; a refused login surfaces in the first system's prepare step, naming the URL.
 */
async function check(url: string): Promise<void> {
  const { host, port } = hostPort(url, 3306);
  if (!(await reachable(host, port)))
    throw new ServicesError(
      `the MySQL/MariaDB server at ${redactUrl(url)} cannot be used: nothing answers at ${host}:${port} (start one, or pass --mysql <url>)`,
    );
}

export async function resolveServices(
  mode: ServiceMode,
  urls: { mysql?: string } = {},
): Promise<ResolvedServices> {
  if (mode === "embedded") {
    if (urls.mysql)
      throw new ServicesError("--mysql needs --services external (embedded mode keeps data in SQLite)");
    return { mode, stop: async () => undefined };
  }
  if (mode === "external") {
    const database = urls.mysql ?? DEFAULT_MYSQL;
    await check(database);
    return { mode, services: { database }, stop: async () => undefined };
  }
  const { startMysqlContainer } = await import("./containers.ts");
  const container = await startMysqlContainer();
  try {
    await check(container.url);
  } catch (err) {
    await container.stop();
    throw err;
  }
  return { mode, services: { database: container.url }, stop: () => container.stop() };
}

/** `--services` and `--mysql` as the CLI parsed them. */
export interface ServicesFlags {
  services?: ServiceMode;
  mysql?: string;
}

/** The mode the flags ask for: `--mysql` alone means external. */
export function modeOf(flags: ServicesFlags): ServiceMode {
  return flags.services ?? (flags.mysql ? "external" : "embedded");
}

/** Runs `fn` with the services the flags ask for, and stops what they started afterwards. */
export async function withServices<T>(
  flags: ServicesFlags,
  fn: (services: Services | undefined) => Promise<T>,
): Promise<T> {
  const resolved = await resolveServices(modeOf(flags), { mysql: flags.mysql });
  try {
    return await fn(resolved.services);
  } finally {
    await resolved.stop();
  }
}
