/**
 * Comparative evaluation's decision on a canary, from users' feedback per release: abort when the
 * canary is worse than production beyond chance, promote when it is at least as good on enough
 * feedback, otherwise wait (the runner aborts a canary that never reaches a verdict in time).
 */
export interface FeedbackStat {
  /** Feedback received on this release's answers. */
  n: number;
  /** Share of it reporting the answer right. */
  accuracy: number;
}

export interface JudgeOptions {
  /** Canary feedback needed before any verdict; default 40. */
  minFeedback?: number;
  /** Standard errors of the difference that count as "worse beyond chance"; default 2. */
  z?: number;
}

export type Verdict = "promote" | "abort" | "wait";

export function judgeCanary(production: FeedbackStat, canary: FeedbackStat, o: JudgeOptions = {}): Verdict {
  const min = o.minFeedback ?? 40;
  if (canary.n < min || production.n < min) return "wait";
  const diff = canary.accuracy - production.accuracy;
  const variance = (p: FeedbackStat) => (p.accuracy * (1 - p.accuracy)) / p.n;
  // A floor on the error: two perfect releases (variance 0) must still compare without dividing by 0.
  const se = Math.max(Math.sqrt(variance(production) + variance(canary)), 1e-3);
  if (diff < -(o.z ?? 2) * se) return "abort";
  if (diff >= 0) return "promote";
  return "wait";
}
