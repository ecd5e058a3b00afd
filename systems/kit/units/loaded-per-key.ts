import { currentRequest, type RequestMeta, runInRequest } from "../request-context.ts";

/**
 * Values loaded once per key (a release's monitors, built from references fetched over HTTP), and
 * what arrives for a key while it loads: each use is kept, in order and with the request it came
 * from, and run once the value exists. Nothing observed during the fetch is lost, however long it
 * takes. A failed load drops what waited (reported to `onDropped`) and is tried again next use.
 */
export function loadedPerKey<V>(
  load: (key: string) => Promise<V>,
  opts: { maxWaiting?: number; onDropped?: (key: string, count: number, err: unknown) => void } = {},
) {
  const ready = new Map<string, V>();
  const waiting = new Map<string, { meta: RequestMeta | undefined; use: (v: V) => void }[]>();
  const max = opts.maxWaiting ?? 10_000;
  const withValue = (key: string, use: (v: V) => void): void => {
    const value = ready.get(key);
    if (value !== undefined) {
      use(value);
      return;
    }
    const queue = waiting.get(key);
    if (queue) {
      if (queue.length < max) queue.push({ meta: currentRequest(), use });
      return;
    }
    waiting.set(key, [{ meta: currentRequest(), use }]);
    load(key)
      .then((v) => {
        ready.set(key, v);
        const queued = waiting.get(key) ?? [];
        waiting.delete(key);
        for (const q of queued) {
          if (q.meta) runInRequest(q.meta, () => q.use(v));
          else q.use(v);
        }
      })
      .catch((err: unknown) => {
        opts.onDropped?.(key, waiting.get(key)?.length ?? 0, err);
        waiting.delete(key);
      });
  };
  /** The values loaded so far, by key. */
  const loaded = (): ReadonlyMap<string, V> => ready;
  return { with: withValue, loaded };
}
