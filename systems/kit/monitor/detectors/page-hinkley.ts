import { mean, standardDeviation } from "simple-statistics";
import { numericSample } from "./reference.ts";
import { asNumber, type Detector, type DetectorPlugin, type DetectorResult } from "./types.ts";

export interface PageHinkleyParams {
  /** Tolerated change per value, in reference standard deviations (river's delta). */
  delta?: number;
  /** Forgetting factor of the cumulative sums (river's alpha); 1 = no forgetting. */
  alpha?: number;
  /** Values needed after a reset before check() answers (river's min_instances); capped by windowSize. */
  minInstances?: number;
}

/**
 * Page-Hinkley after river's formulation, two-sided, but measured against the reference mean
 * rather than the running mean, so a change present from the start is still seen. Values are
 * standardized by the reference, which makes delta and the threshold (lambda) unit-free and
 * lets one calibrated threshold serve every feature scale.
 */
export function pageHinkleyPlugin(params: PageHinkleyParams = {}): DetectorPlugin {
  const delta = params.delta ?? 0.1;
  const alpha = params.alpha ?? 1 - 1e-4;
  return {
    name: "page-hinkley",
    accepts: "numeric",
    create(ref, opts): Detector {
      const sample = numericSample(ref, "page-hinkley");
      const mu = mean(sample);
      const sd = sample.length > 1 ? standardDeviation(sample) : 0;
      const scale = sd > 0 ? sd : 1;
      const minInstances = Math.max(1, Math.min(params.minInstances ?? 30, opts.windowSize));
      let n = 0;
      let sumIncrease = 0;
      let sumDecrease = 0;
      let minIncrease = Number.POSITIVE_INFINITY;
      let maxDecrease = Number.NEGATIVE_INFINITY;
      let detected = false;
      const reset = (): void => {
        n = 0;
        sumIncrease = 0;
        sumDecrease = 0;
        minIncrease = Number.POSITIVE_INFINITY;
        maxDecrease = Number.NEGATIVE_INFINITY;
        detected = false;
      };
      return {
        name: "page-hinkley",
        update(value) {
          const x = asNumber(value);
          if (x === null) return;
          // Like river: a detection is reported once, then the test starts over.
          if (detected) reset();
          const dev = (x - mu) / scale;
          n++;
          sumIncrease = alpha * sumIncrease + dev - delta;
          sumDecrease = alpha * sumDecrease + dev + delta;
          minIncrease = Math.min(minIncrease, sumIncrease);
          maxDecrease = Math.max(maxDecrease, sumDecrease);
        },
        check(): DetectorResult | null {
          if (n < minInstances) return null;
          const statistic = Math.max(sumIncrease - minIncrease, maxDecrease - sumDecrease);
          const drift = statistic > opts.threshold;
          if (drift) detected = true;
          return { statistic, threshold: opts.threshold, drift, n };
        },
        reset,
      };
    },
  };
}

export const pageHinkley: DetectorPlugin = pageHinkleyPlugin();
