import { numericSample } from "./reference.ts";
import { asNumber, type Detector, type DetectorPlugin, type DetectorResult } from "./types.ts";
import { SlidingWindow } from "./window.ts";

/** Two-sample Kolmogorov-Smirnov D (largest gap between the empirical CDFs); both inputs sorted ascending. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    // Step past every copy of the smallest value in both samples, so ties move the CDFs together.
    const x = Math.min(a[i], b[j]);
    while (i < n && a[i] <= x) i++;
    while (j < m && b[j] <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/** Asymptotic two-sided p-value of D for sample sizes n and m (Numerical Recipes' Q_KS with Stephens' correction). */
export function ksPValue(d: number, n: number, m: number): number {
  if (n <= 0 || m <= 0) return 1;
  const en = Math.sqrt((n * m) / (n + m));
  const lambda = (en + 0.12 + 0.11 / en) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = sign * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export const ks: DetectorPlugin = {
  name: "ks",
  accepts: "numeric",
  create(ref, opts): Detector {
    const reference = numericSample(ref, "ks").sort((x, y) => x - y);
    const window = new SlidingWindow<number>(opts.windowSize);
    return {
      name: "ks",
      update(value) {
        const x = asNumber(value);
        if (x !== null) window.push(x);
      },
      check(): DetectorResult | null {
        if (!window.full) return null;
        const sample = window.values().sort((x, y) => x - y);
        const statistic = ksStatistic(sample, reference);
        return { statistic, threshold: opts.threshold, drift: statistic > opts.threshold, n: sample.length };
      },
      reset() {
        window.clear();
      },
    };
  },
};
