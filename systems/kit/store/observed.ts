import type { Store } from "./store.ts";

export type CallObserver = (durationMs: number, ok: boolean) => void;

/**
 * Times every database call and reports it, so the "db" boundary is watched the same way in
 * every pattern. Errors still propagate: observing never changes behaviour.
 */
export function observedStore(
  inner: Store,
  observe: CallObserver,
  now: () => number = performance.now.bind(performance),
): Store {
  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = now();
      try {
        const out = await fn(...args);
        observe(now() - start, true);
        return out;
      } catch (err) {
        observe(now() - start, false);
        throw err;
      }
    };
  return {
    kind: inner.kind,
    exec: timed((sql) => inner.exec(sql)),
    all: timed((sql, params) => inner.all(sql, params)) as Store["all"],
    get: timed((sql, params) => inner.get(sql, params)) as Store["get"],
    run: timed((sql, params) => inner.run(sql, params)),
    close: () => inner.close(),
  };
}
