/**
 * Where a unit's clock stands against the harness's. Units stamp what they see (an alert's firing)
 * with their own monotonic epoch clock (kit/clock.ts); to put such a stamp on the trial's clock the
 * harness measures each unit's offset when it starts, the NTP way: of a few round trips to the
 * unit's `GET /clock`, the shortest one's midpoint against the unit's reading. Half that round trip
 * bounds the error, and the journal keeps it beside the offset.
 */
import { callJson } from "../../systems/kit/http/client.ts";
import { clockReplySchema } from "../../systems/kit/protocol/index.ts";

export interface ClockOffset {
  /** Unit clock minus harness clock, ms. */
  offsetMs: number;
  /** Half the shortest round trip: the offset is right to within this. */
  uncertaintyMs: number;
}

/** The harness's own clock on the same scale as the units': epoch ms, monotonic, sub-millisecond. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export async function measureOffset(unitUrl: string, samples = 7): Promise<ClockOffset> {
  let best: ClockOffset | null = null;
  for (let k = 0; k < samples; k++) {
    const t0 = epochNow();
    const { now } = await callJson(clockReplySchema, `${unitUrl}/clock`);
    const t1 = epochNow();
    const sample = { offsetMs: now - (t0 + t1) / 2, uncertaintyMs: (t1 - t0) / 2 };
    if (!best || sample.uncertaintyMs < best.uncertaintyMs) best = sample;
  }
  if (!best) throw new RangeError("measureOffset needs at least one sample");
  return best;
}
