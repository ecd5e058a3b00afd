import { categoryCounts, UNSEEN } from "./reference.ts";
import { asCategory, type Detector, type DetectorPlugin, type DetectorResult } from "./types.ts";
import { CategoryWindow } from "./window.ts";

/**
 * A categorical detector: a sliding window of categories compared with the reference counts by
 * one statistic. Chi-square and PSI differ only in that statistic.
 */
export function categoricalPlugin(
  name: string,
  statistic: (observed: ReadonlyMap<string, number>, reference: ReadonlyMap<string, number>) => number,
): DetectorPlugin {
  return {
    name,
    accepts: "categorical",
    create(ref, opts): Detector {
      const reference = categoryCounts(ref, name);
      reference.delete(UNSEEN);
      const window = new CategoryWindow(opts.windowSize);
      return {
        name,
        update(value) {
          const c = asCategory(value);
          if (c !== null) window.push(c);
        },
        check(): DetectorResult | null {
          if (!window.full) return null;
          const s = statistic(window.counts, reference);
          return { statistic: s, threshold: opts.threshold, drift: s > opts.threshold, n: window.size };
        },
        reset() {
          window.clear();
        },
      };
    },
  };
}
