/**
 * A model release going out as the pattern's team releases it (PatternDefinition.modelRelease): by
 * comparative evaluation's canary, whose judge then watches users' feedback while the incident goes
 * on and promotes or aborts the release on its own; or by a deploy. Every canary event is journaled
 * on the trial's clock with the request count at that moment.
 */

import { type CanaryResult, startCanary } from "../canary/run.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import type { Step } from "./context.ts";
import type { Journal } from "./journal.ts";

/** Comparative evaluation's settings in a trial: a quarter of users first, a verdict within a minute. */
export const TRIAL_CANARY = { fraction: 0.25, timeoutMs: 60_000, pollMs: 500 } as const;

/** Who the journal names for the judge's own moves. */
export const JUDGE = "comparative-evaluation";

export interface ModelReleaser {
  release(release: number, by: { who: string; reason?: string }): Promise<void>;
  /** Canaries not yet promoted or aborted (the traffic keeps flowing while one is). */
  pending(): number;
  /** Stops judging (the canary is aborted unjudged) and waits for every judge to finish. */
  close(): Promise<void>;
}

export function modelReleaser(x: {
  h: SystemHandle;
  journal: Journal;
  step: Step;
  t: () => number;
  sent: () => number;
}): ModelReleaser {
  const { h, journal, t } = x;
  const stop = new AbortController();
  const judges: Promise<void>[] = [];
  let pending = 0;
  const record = (
    event: "start" | "promote" | "abort",
    release: number,
    production: number,
    who: string,
    reason: string | null,
    judged?: boolean,
  ) =>
    journal.append({
      type: "canary",
      event,
      unit: h.modelUnit,
      release,
      production,
      fraction: TRIAL_CANARY.fraction,
      who,
      reason,
      ...(judged === undefined ? {} : { judged }),
      at_ms: t(),
      at_request: x.sent(),
    });
  return {
    async release(release, by) {
      if (h.pattern.modelRelease === "deploy") {
        await h.deploy(h.modelUnit, release, by);
        return;
      }
      const production = (await h.releases(h.modelUnit)).production?.number ?? 0;
      const running = await startCanary(h, { release, ...TRIAL_CANARY, who: JUDGE, signal: stop.signal });
      record("start", release, production, by.who, by.reason ?? null);
      pending++;
      // A failed judge is a failed step of the trial, journaled; it never fails the trial's other work.
      const judge = x
        .step(`judge the canary of release ${release}`, async () => {
          const r: CanaryResult = await running.decide();
          if (r.verdict !== "ended") record(r.verdict, release, production, JUDGE, r.reason, r.judged);
        })
        .then(() => undefined)
        .finally(() => pending--);
      judges.push(judge);
    },
    pending: () => pending,
    async close() {
      stop.abort();
      await Promise.all(judges);
    },
  };
}
