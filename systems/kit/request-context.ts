/**
 * The request a unit is serving, carried through its async work (AsyncLocalStorage), so whatever
 * happens on its behalf — a monitor firing, a database call, a call to another unit — knows which
 * request it was: its id (an alert names its trigger) and whether it is synthetic (the harness's
 * own probes and checks, which production monitors leave out, as any team leaves out its
 * synthetic traffic).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { REQUEST_HEADERS } from "./protocol/index.ts";

export interface RequestMeta {
  /** The caller's request id (x-request-id), or one the unit made up. */
  id: string;
  /** x-synthetic: sent by the harness to check the system, not by a user. */
  synthetic: boolean;
}

const storage = new AsyncLocalStorage<RequestMeta>();

export const runInRequest = <T>(meta: RequestMeta, fn: () => T): T => storage.run(meta, fn);

/** The request being served, or undefined outside one (a timer, start-up). */
export const currentRequest = (): RequestMeta | undefined => storage.getStore();

/** Whether what runs now is on behalf of a synthetic request: monitors leave it out. */
export const synthetic = (): boolean => storage.getStore()?.synthetic === true;

/** The headers that carry the current request on to another unit (its id, its synthetic mark). */
export function forwardedHeaders(): Record<string, string> {
  const r = storage.getStore();
  if (!r) return {};
  return { [REQUEST_HEADERS.id]: r.id, ...(r.synthetic ? { [REQUEST_HEADERS.synthetic]: "1" } : {}) };
}
