/**
 * The initial release's accuracy on what users send before and after a fault, judged the way
 * users' feedback is judged (the head's correctness rule), and how much of a drop a pure change of
 * the label mix would explain.
 */
import type { Prediction } from "../../systems/kit/task.ts";
import type { PlannedRequest } from "../traffic/timeline.ts";

/** The accuracy monitor's window of users' reports (systems/kit/monitor/accuracy.ts, its default). */
export const ACCURACY_WINDOW = 100;
/** Standard errors below its expectation at which the accuracy monitor alarms (its default). */
export const ACCURACY_MONITOR_Z = 3;

export interface AccuracyMeasure {
  /** The release's held-out accuracy at training: what the accuracy monitor expects. */
  expected: number;
  /** On the answered requests of each side that carry a label. */
  before: number | null;
  after: number | null;
  n: { before: number; after: number };
  /** before - after. */
  drop: number | null;
  /** Binomial standard error of the before accuracy over the accuracy monitor's window. */
  se: number | null;
  /** drop > 2 se. */
  significant: boolean;
  /** What a pure prior shift would give: before's accuracy per label group, weighted by after's group shares. */
  priorExplained: number | null;
  /** priorExplained - after: the part of the drop the label mix does not explain. */
  conceptGap: number | null;
  /** after below the accuracy monitor's own alarm limit (expected - 3 SE over its window). */
  belowMonitorLimit: boolean | null;
}

export interface Answered {
  requests: PlannedRequest[];
  /** One per request, in order. */
  predictions: Prediction[];
}

export function accuracyOf(
  expected: number,
  before: Answered,
  after: Answered,
  correct: (p: Prediction, label: string) => boolean,
  group: (label: string) => string,
): AccuracyMeasure {
  const judged = (s: Answered) =>
    s.requests
      .map((r, i) => ({ label: r.label, p: s.predictions[i] }))
      .filter((x): x is { label: string; p: Prediction } => x.label !== null && x.p !== undefined)
      .map((x) => ({ group: group(x.label), right: correct(x.p, x.label) }));
  const [b, a] = [judged(before), judged(after)];
  const share = (xs: { right: boolean }[]) =>
    xs.length ? xs.filter((x) => x.right).length / xs.length : null;
  const [accB, accA] = [share(b), share(a)];
  const drop = accB !== null && accA !== null ? accB - accA : null;
  const se = accB !== null ? Math.sqrt((accB * (1 - accB)) / ACCURACY_WINDOW) : null;
  let priorExplained: number | null = null;
  if (accB !== null && a.length) {
    const byGroup = new Map<string, { right: number; n: number }>();
    for (const x of b) {
      const g = byGroup.get(x.group) ?? { right: 0, n: 0 };
      byGroup.set(x.group, { right: g.right + (x.right ? 1 : 0), n: g.n + 1 });
    }
    // A group the before rows never had (a new class) counts at the overall before accuracy.
    const sum = a.reduce((s, x) => {
      const g = byGroup.get(x.group);
      return s + (g ? g.right / g.n : accB);
    }, 0);
    priorExplained = sum / a.length;
  }
  const limit = expected - ACCURACY_MONITOR_Z * Math.sqrt((expected * (1 - expected)) / ACCURACY_WINDOW);
  return {
    expected,
    before: accB,
    after: accA,
    n: { before: b.length, after: a.length },
    drop,
    se,
    significant: drop !== null && se !== null && drop > 2 * se,
    priorExplained,
    conceptGap: priorExplained !== null && accA !== null ? priorExplained - accA : null,
    belowMonitorLimit: accA === null ? null : accA < limit,
  };
}
