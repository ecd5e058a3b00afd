/**
 * Telling a prior shift from a covariate one when both the labels and the features move. Under a
 * pure prior shift each class keeps its inputs (P(x|y) holds) and only the class mix changes, so
 * the steady records reweighted by the new mix (w(y) = after share / before share) look like the
 * shifted ones; a feature whose move survives that reweighting moved for another reason. Also the
 * sampling noise of a label-share comparison: with many classes two samples of the same traffic
 * differ by a sizeable total variation distance.
 */
import { gammaln, quantile } from "simple-statistics";
import { ksPValue } from "../../systems/kit/monitor/detectors/ks.ts";
import { rng, shuffled } from "../../systems/kit/random.ts";

/** A feature's value with its record's label group. */
export interface Labelled {
  value: number | string;
  group: string;
}

export interface LabelExplained {
  /** Weighted KS D (numeric) or chi-square (categorical) between the reweighted before and the after values. */
  residual: number;
  /** Its p-value: how likely a residual this large is if the label mix explains the whole move. */
  p: number;
  /** p >= EXPLAINED_ALPHA: the move is what the new label mix alone would give. */
  explained: boolean;
}

export const EXPLAINED_ALPHA = 0.05;

function shares(groups: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups) out.set(g, (out.get(g) ?? 0) + 1 / groups.length);
  return out;
}

/** TVD of two lists of groups. */
function tvdOf(a: string[], b: string[]): number {
  const [sa, sb] = [shares(a), shares(b)];
  let sum = 0;
  for (const k of new Set([...sa.keys(), ...sb.keys()])) sum += Math.abs((sa.get(k) ?? 0) - (sb.get(k) ?? 0));
  return sum / 2;
}

/**
 * The 95th percentile of the TVD between two random splits (of the two sides' sizes) of the pooled
 * labels: how far apart two samples of one unchanged label mix typically fall.
 */
export function tvdNoise(before: string[], after: string[], seed: string, trials = 200): number {
  if (before.length === 0 || after.length === 0) return 0;
  const pooled = [...before, ...after];
  const random = rng(seed);
  const tvds: number[] = [];
  for (let t = 0; t < trials; t++) {
    const s = shuffled(pooled, random);
    tvds.push(tvdOf(s.slice(0, before.length), s.slice(before.length)));
  }
  return quantile(tvds, 0.95);
}

/** Upper regularized gamma Q(a, x) (Numerical Recipes' gser / gcf): the chi-square survival at 2x with 2a df. */
export function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnG = gammaln(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-14) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - lnG));
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - lnG) * h);
}

/**
 * Whether the label mix explains a feature's move: the before values reweighted to the after label
 * shares, compared with the after values (weighted two-sample KS with the effective sample size;
 * for categories a chi-square of homogeneity on effective counts). null without values on a side.
 */
export function explainedByLabels(before: Labelled[], after: Labelled[]): LabelExplained | null {
  if (before.length === 0 || after.length === 0) return null;
  const pb = shares(before.map((x) => x.group));
  const pa = shares(after.map((x) => x.group));
  const w = before.map((x) => (pa.get(x.group) ?? 0) / (pb.get(x.group) ?? 1));
  const total = w.reduce((s, x) => s + x, 0);
  if (total === 0) return { residual: Number.POSITIVE_INFINITY, p: 0, explained: false };
  const nEff = total ** 2 / w.reduce((s, x) => s + x * x, 0);
  const m = after.length;
  const numeric =
    before.every((x) => typeof x.value === "number") && after.every((x) => typeof x.value === "number");
  if (numeric) {
    const b = before.map((x, i) => ({ v: x.value as number, w: w[i] / total })).sort((p, q) => p.v - q.v);
    const a = after.map((x) => x.value as number).sort((p, q) => p - q);
    const xs = [...new Set([...b.map((x) => x.v), ...a])].sort((p, q) => p - q);
    let [i, j, fb, d] = [0, 0, 0, 0];
    for (const x of xs) {
      while (i < b.length && b[i].v <= x) fb += b[i++].w;
      while (j < a.length && a[j] <= x) j++;
      d = Math.max(d, Math.abs(fb - j / m));
    }
    const p = ksPValue(d, nEff, m);
    return { residual: d, p, explained: p >= EXPLAINED_ALPHA };
  }
  const qb = new Map<string, number>();
  before.forEach((x, k) => {
    qb.set(String(x.value), (qb.get(String(x.value)) ?? 0) + w[k] / total);
  });
  const qa = shares(after.map((x) => String(x.value)));
  let chi = 0;
  let cells = 0;
  for (const c of new Set([...qb.keys(), ...qa.keys()])) {
    const [u, v] = [qb.get(c) ?? 0, qa.get(c) ?? 0];
    const pooled = (nEff * u + m * v) / (nEff + m);
    if (pooled <= 0) continue;
    cells++;
    chi += (u - v) ** 2 / (pooled * (1 / nEff + 1 / m));
  }
  const p = cells > 1 ? upperGamma((cells - 1) / 2, chi / 2) : 1;
  return { residual: chi, p, explained: p >= EXPLAINED_ALPHA };
}
