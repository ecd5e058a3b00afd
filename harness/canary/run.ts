import { ReplyError, requestJson } from "../../systems/kit/http/client.ts";
import {
  type AliasMove,
  feedbackReplySchema,
  parseAs,
  releaseName,
} from "../../systems/kit/protocol/index.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import { DeployError } from "../deploy/process.ts";
import { type FeedbackStat, type JudgeOptions, judgeCanary } from "./judge.ts";

export interface CanaryOptions {
  release: number;
  /** Share of callers (by session) the canary answers. */
  fraction: number;
  /** No verdict by then: abort, production stays. */
  timeoutMs: number;
  pollMs?: number;
  judge?: JudgeOptions;
  who?: string;
  /** Stops judging early (the canary is then aborted, unjudged). */
  signal?: AbortSignal;
}

export interface CanaryResult {
  /** ended: someone else (an operator) ended the canary before the judge did. */
  verdict: "promote" | "abort" | "ended";
  reason: string;
  production: FeedbackStat;
  canary: FeedbackStat;
  moves: AliasMove[];
  decidedMs: number;
  /** False when it ended without a verdict (timeout or stopped): aborted because undecided. */
  judged: boolean;
}

/**
 * Users' feedback per release (keyed by its name), as the units that judge feedback report it on
 * `GET /admin/feedback`; a unit without feedback monitors answers 404 and is skipped.
 */
export async function feedbackByRelease(
  handle: SystemHandle,
  units: string[],
): Promise<Map<string, FeedbackStat>> {
  const found = new Map<string, FeedbackStat>();
  for (const unit of units) {
    const url = `${handle.url(unit)}/admin/feedback`;
    const res = await requestJson(url, { token: handle.adminToken });
    if (res.status === 404) continue;
    if (res.status !== 200) throw new ReplyError(url, res.status, res.body);
    for (const r of parseAs(feedbackReplySchema, res.body, `reply of GET ${url}`).releases)
      found.set(releaseName(r.release), { n: r.n, accuracy: r.accuracy ?? 0 });
  }
  return found;
}

const pct = (s: FeedbackStat) => `${(s.accuracy * 100).toFixed(1)}% of ${s.n}`;

/** A canary that answers its share of users; `decide()` judges it until promote or abort. */
export interface RunningCanary {
  start: AliasMove;
  decide(): Promise<CanaryResult>;
}

/**
 * Comparative evaluation, the paper's way: a new engine release answers a fraction of users beside
 * production; from their feedback it is promoted when at least as good and aborted when worse.
 * Every move (canary start, promote or abort) is in the unit's alias-move log. Starting and judging
 * are apart so a release pipeline can go on while the judge watches.
 */
export async function startCanary(handle: SystemHandle, o: CanaryOptions): Promise<RunningCanary> {
  const units = handle.unitNames;
  const unit = handle.modelUnit;
  const who = o.who ?? "comparative-evaluation";
  const production = (await handle.releases(unit)).production;
  if (!production) throw new DeployError(`unit '${unit}' has no production release`);
  const names = {
    production: releaseName({ unit, number: production.number }),
    canary: releaseName({ unit, number: o.release }),
  };
  const started = performance.now();
  const start = await handle.canary(unit, o.release, o.fraction, { who, reason: "canary" });
  const ended = (stats: { production: FeedbackStat; canary: FeedbackStat }): CanaryResult => ({
    verdict: "ended",
    reason: "ended by someone else before a verdict",
    ...stats,
    moves: [start],
    decidedMs: performance.now() - started,
    judged: false,
  });
  const decide = async (): Promise<CanaryResult> => {
    let stats = { production: { n: 0, accuracy: 0 }, canary: { n: 0, accuracy: 0 } };
    let verdict: "promote" | "abort" | "wait" = "wait";
    while (verdict === "wait" && performance.now() - started < o.timeoutMs && !o.signal?.aborted) {
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
      // Someone else (an operator) ended it: nothing left to judge.
      if ((await handle.liveCanary(unit)) !== o.release) return ended(stats);
      const by = await feedbackByRelease(handle, units);
      stats = {
        production: by.get(names.production) ?? { n: 0, accuracy: 0 },
        canary: by.get(names.canary) ?? { n: 0, accuracy: 0 },
      };
      verdict = judgeCanary(stats.production, stats.canary, o.judge);
    }
    const waited = o.signal?.aborted ? "stopped before a verdict" : `no verdict within ${o.timeoutMs} ms`;
    const reason =
      verdict === "wait"
        ? `${waited} (canary ${pct(stats.canary)}, production ${pct(stats.production)})`
        : `canary ${pct(stats.canary)} right vs production ${pct(stats.production)}`;
    const outcome = verdict === "promote" ? "promote" : "abort";
    let end: AliasMove;
    try {
      end = await handle.endCanary(unit, outcome, { who, reason });
    } catch (err) {
      // Ended by someone else between the last look and this command.
      if ((await handle.liveCanary(unit)) !== o.release) return ended(stats);
      throw err;
    }
    return {
      verdict: outcome,
      reason,
      ...stats,
      moves: [start, end],
      decidedMs: performance.now() - started,
      judged: verdict !== "wait",
    };
  };
  return { start, decide };
}

export async function runCanary(handle: SystemHandle, o: CanaryOptions): Promise<CanaryResult> {
  return (await startCanary(handle, o)).decide();
}
