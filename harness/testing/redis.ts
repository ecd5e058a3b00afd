/** The queue tests' Redis: the one this machine kind starts, or ARCHDRILL_TEST_REDIS. */
import { serviceForTests } from "../../systems/kit/http/reachable.ts";

export const testRedis = process.env.ARCHDRILL_TEST_REDIS ?? "redis://127.0.0.1:6379";

/** True where Redis answers; throws under CI=true where it does not (reachable.ts). */
export const redisAvailable = () => serviceForTests("Redis", testRedis, 6379);
