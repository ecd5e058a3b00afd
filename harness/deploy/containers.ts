/**
 * `--services containers`: testcontainers starts a MySQL server in Docker for the run. Loaded only
 * in that mode; a machine without a Docker engine (this project's CI has none) is told so plainly
 * and pointed at `--services external`.
 */
import { ServicesError } from "./services.ts";

export const MYSQL_IMAGE = "mysql:8.4";

export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

/** Whether an error is testcontainers saying it found no container runtime. */
export function noDockerEngine(err: unknown): boolean {
  return /container runtime|docker|ENOENT.*sock|connect ECONNREFUSED.*sock/i.test(
    String((err as Error)?.message ?? err),
  );
}

export async function startMysqlContainer(image = MYSQL_IMAGE): Promise<StartedService> {
  const { MySqlContainer } = await import("@testcontainers/mysql");
  try {
    const started = await new MySqlContainer(image).withRootPassword("archdrill").start();
    return {
      url: `mysql://root:archdrill@${started.getHost()}:${started.getPort()}/`,
      stop: async () => {
        await started.stop();
      },
    };
  } catch (err) {
    if (noDockerEngine(err))
      throw new ServicesError(
        `--services containers needs a Docker engine, and testcontainers found none (${(err as Error).message}). ` +
          "Without Docker, run MySQL/MariaDB yourself and pass --services external --mysql <url>.",
      );
    throw err;
  }
}
