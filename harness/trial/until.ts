/**
 * Waits for something to hold, the one way the harness waits: `probe` is called until it returns
 * a value (not undefined) or the time runs out, with a pause between tries that starts short and
 * doubles up to a ceiling, so a slow system is never hammered in a tight loop.
 */
export interface UntilOptions {
  timeoutMs: number;
  /** First pause between tries; doubles each try up to maxWaitMs. */
  firstWaitMs?: number;
  maxWaitMs?: number;
  signal?: AbortSignal;
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** The probe's first value, or undefined when the time ran out (or the signal aborted) first. */
export async function until<T>(
  probe: (attempt: number) => Promise<T | undefined>,
  o: UntilOptions,
): Promise<T | undefined> {
  const deadline = performance.now() + o.timeoutMs;
  let wait = o.firstWaitMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    const got = await probe(attempt);
    if (got !== undefined) return got;
    const left = deadline - performance.now();
    if (left <= 0 || o.signal?.aborted) return undefined;
    await pause(Math.min(wait, left), o.signal);
    wait = Math.min(wait * 2, o.maxWaitMs ?? 1000);
  }
}
