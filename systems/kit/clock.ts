/** A clock is passed in everywhere time matters, so tests can use a fake one. */
export interface Clock {
  /** Milliseconds since the epoch; the system clock's have sub-millisecond resolution. */
  now(): number;
}

/**
 * Epoch ms from the process's monotonic clock: performance.timeOrigin (the epoch time the process
 * started) plus performance.now(). Sub-millisecond, and a wall-clock step does not move it, so
 * times a unit stamps (an alert's firing) can be put on the harness's trial clock once the two
 * processes' offset is measured (harness/deploy/clock-offset.ts).
 */
export const systemClock: Clock = { now: () => performance.timeOrigin + performance.now() };

/** A manual clock for tests: time moves only when told. */
export function fakeClock(start = 0): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
