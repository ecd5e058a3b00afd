import { requestJson } from "../../systems/kit/http/client.ts";
import type { AliasMove } from "../../systems/kit/registry/index.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
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
}

export interface CanaryResult {
  verdict: "promote" | "abort";
  reason: string;
  production: FeedbackStat;
  canary: FeedbackStat;
  moves: AliasMove[];
  decidedMs: number;
}

/** Users' feedback per release, as every unit's monitors report it (AccuracyMonitor.status()). */
export async function feedbackByRelease(
  handle: SystemHandle,
  units: string[],
): Promise<Map<string, FeedbackStat>> {
  const found = new Map<string, FeedbackStat>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if (typeof o.release === "string" && typeof o.n === "number" && typeof o.accuracy === "number")
      found.set(o.release, { n: o.n, accuracy: Number.isFinite(o.accuracy) ? o.accuracy : 0 });
    for (const child of Object.values(o)) walk(child);
  };
  for (const unit of units) {
    const res = await requestJson(`${handle.url(unit)}/admin/monitors`, { token: handle.adminToken });
    if (res.status === 200) walk(res.body);
  }
  return found;
}

/**
 * Comparative evaluation, the paper's way: a new engine release answers a fraction of users beside
 * production; from their feedback it is promoted when at least as good and aborted when worse.
 * Every move (canary start, promote or abort) is in the unit's alias-move log.
 */
export async function runCanary(handle: SystemHandle, o: CanaryOptions): Promise<CanaryResult> {
  const units = handle.unitNames;
  const unit = handle.modelUnit;
  const who = o.who ?? "comparative-evaluation";
  const production = handle.releases(unit).production;
  if (!production) throw new Error(`unit '${unit}' has no production release`);
  const names = { production: `${unit}#${production.number}`, canary: `${unit}#${o.release}` };
  const started = performance.now();
  const moves = [await handle.canary(unit, o.release, o.fraction, { who, reason: "canary" })];
  let stats = { production: { n: 0, accuracy: 0 }, canary: { n: 0, accuracy: 0 } };
  let verdict: "promote" | "abort" | "wait" = "wait";
  while (verdict === "wait" && performance.now() - started < o.timeoutMs) {
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    const by = await feedbackByRelease(handle, units);
    stats = {
      production: by.get(names.production) ?? { n: 0, accuracy: 0 },
      canary: by.get(names.canary) ?? { n: 0, accuracy: 0 },
    };
    verdict = judgeCanary(stats.production, stats.canary, o.judge);
  }
  const pct = (s: FeedbackStat) => `${(s.accuracy * 100).toFixed(1)}% of ${s.n}`;
  const reason =
    verdict === "wait"
      ? `no verdict within ${o.timeoutMs} ms (canary ${pct(stats.canary)}, production ${pct(stats.production)})`
      : `canary ${pct(stats.canary)} right vs production ${pct(stats.production)}`;
  const outcome = verdict === "promote" ? "promote" : "abort";
  moves.push(await handle.endCanary(unit, outcome, { who, reason }));
  return { verdict: outcome, reason, ...stats, moves, decidedMs: performance.now() - started };
}
