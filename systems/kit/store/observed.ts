import { aroundCalls, type Store } from "./store.ts";

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
  return aroundCalls(inner, async (call) => {
    const start = now();
    try {
      const out = await call();
      observe(now() - start, true);
      return out;
    } catch (err) {
      observe(now() - start, false);
      throw err;
    }
  });
}
