import { rng } from "../../systems/kit/random.ts";
import type { Scenario } from "../scenario/index.ts";

/** Where a drill's fault may start, as a fraction of the timeline: never at its edges. */
export const POSITION_RANGE = [0.3, 0.7] as const;

/**
 * The scenario as a drill runs it: its faults moved together (their spacing kept) so the first
 * starts at a position drawn from the seed, hidden from the participant, who therefore cannot
 * learn "the fault comes halfway" from one drill to the next. Each fault stays on the timeline.
 */
export function hideFaultPosition(scenario: Scenario, seed: number): Scenario {
  const [lo, hi] = POSITION_RANGE;
  const drawn = lo + rng(`${seed}:drill-position`)() * (hi - lo);
  const first = Math.min(...scenario.faults.map((f) => f.at));
  // The shift may not push any fault's ramp off either end of the timeline.
  const most = Math.min(...scenario.faults.map((f) => 1 - f.width / 2 - f.at));
  const least = Math.max(...scenario.faults.map((f) => f.width / 2 - f.at));
  const shift = Math.min(most, Math.max(least, drawn - first));
  // The drill draws its own shift: a declared range is spent here, not drawn again by the timeline.
  return { ...scenario, faults: scenario.faults.map((f) => ({ ...f, at: f.at + shift, range: null })) };
}
