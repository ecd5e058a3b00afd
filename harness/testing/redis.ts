/**
 * The queue tests' Redis (the one this machine kind starts; ARCHDRILL_TEST_REDIS names another).
 * Where none answers they skip, except under CI=true, where a missing server fails the run.
 */
import { hostPort, reachable } from "../../systems/kit/http/reachable.ts";

export const testRedis = process.env.ARCHDRILL_TEST_REDIS ?? "redis://127.0.0.1:6379";

/** True where Redis answers; throws under CI=true where it does not. */
export async function redisAvailable(): Promise<boolean> {
  const { host, port } = hostPort(testRedis, 6379);
  const ok = await reachable(host, port);
  if (!ok && process.env.CI === "true")
    throw new Error(`the queue tests need Redis at ${testRedis} and CI=true: failing rather than skipping`);
  return ok;
}
