import type { Suspect } from "../../systems/kit/protocol/index.ts";
import { recentMoves, Scores, weighAlerts } from "./evidence.ts";
import type { OperatorSurface } from "./surface.ts";

export interface DiagnosisEvent {
  atMs: number;
  ranked: Suspect[];
  replays: number;
}

export interface RollbackEvent {
  unit: string;
  from: number;
  to: number;
  decisionMs: number;
  doneMs: number;
  ok: boolean;
  error?: string;
}

export interface OperatorHooks {
  /** True while the operator investigates (from an alert until its diagnosis and any rollback are done). */
  onActive?(active: boolean): void;
  onDiagnosis(d: DiagnosisEvent): void;
  /** Called once the operator decided and the rollback command returned (or failed). */
  onRollback(r: RollbackEvent): Promise<void> | void;
}

export interface AutoOptions {
  signal: AbortSignal;
  /** Wall-clock ms when the trial started: release moves before it are not news. */
  sinceWallMs: number;
  /** How long to let evidence gather after an alert before re-diagnosing. */
  settleMs?: number;
  /** Requests replayed per release when bisecting. */
  replaySize?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/** Share of positions where two answer lists differ, over positions both answered. */
/**
 * Two releases give the same engine answer: the same class or cluster, or numbers within 2% of
 * each other (two honest fits of a regression never agree to the digit; a broken one is far off).
 */
export function sameAnswer(a: string | number | null, b: string | number | null): boolean | null {
  if (a === null || b === null) return null;
  if (typeof a === "number" && typeof b === "number")
    return Math.abs(a - b) <= 0.02 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

function differ<T>(a: T[], b: T[], same: (x: T, y: T) => boolean | null): number {
  let n = 0;
  let d = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const s = same(a[i], b[i]);
    if (s === null) continue;
    n++;
    if (!s) d++;
  }
  return n ? d / n : 0;
}

/**
 * The runbook operator, one implementation for every pattern. It waits for alerts, weighs the
 * evidence, bisects recent production changes by replaying recent requests on the release before
 * and after, ranks suspects (part, cause), and rolls back the unit it blames when it blames a
 * release. It never sleeps to fake effort and never asks which pattern it is looking at: what a
 * pattern cannot show costs it more replays, coarser suspects and wider rollbacks.
 */
export async function runAutoOperator(
  surface: OperatorSurface,
  hooks: OperatorHooks,
  o: AutoOptions,
): Promise<void> {
  let seenAlerts = 0;
  let replays = 0;
  let rolledBack = false;
  while (!o.signal.aborted) {
    const alerts = surface.alerts().length;
    if (alerts === seenAlerts) {
      await sleep(100, o.signal);
      continue;
    }
    seenAlerts = alerts;
    hooks.onActive?.(true);
    // A first look now, a second once related alerts have had time to fire.
    for (const pass of [0, 1]) {
      if (pass === 1) await sleep(o.settleMs ?? 1500, o.signal);
      if (o.signal.aborted) {
        hooks.onActive?.(false);
        return;
      }
      seenAlerts = surface.alerts().length;
      const scores = new Scores();
      weighAlerts(surface, scores);
      replays += await weighChanges(surface, scores, o, pass === 1);
      const ranked = scores.ranked();
      hooks.onDiagnosis({ atMs: surface.now(), ranked, replays });
      const top = ranked[0];
      if (pass === 1 && top?.cause === "release" && !rolledBack) {
        rolledBack = true;
        await rollback(surface, hooks, top.part === "logic" ? surface.logicUnit : surface.modelUnit);
      }
    }
    hooks.onActive?.(false);
  }
}

/** Recent production changes: who moved, and (on the second pass) what the change did to answers. */
async function weighChanges(
  surface: OperatorSurface,
  scores: Scores,
  o: AutoOptions,
  bisect: boolean,
): Promise<number> {
  let replays = 0;
  const moves = await recentMoves(surface, o.sinceWallMs);
  if (moves.length === 0) {
    // The first question of any incident runbook: did anything go out? Nothing did, so a symptom
    // that fits a bad release and a moved world alike (e.g. users reporting wrong answers) is the world.
    const why = "no release went out to production since the watch began";
    for (const part of ["ml", "logic"] as const)
      if (scores.has(part, "release")) scores.add(part, "release", -1, why);
  }
  for (const m of moves) {
    const holdsModel = m.unit === surface.modelUnit;
    const holdsLogic = m.unit === surface.logicUnit;
    const why = `production on ${m.unit} moved from release ${m.from} to ${m.to}`;
    if (holdsModel) scores.add("ml", "release", holdsLogic ? 1.5 : 3, why, { unit: m.unit });
    if (holdsLogic) scores.add("logic", "release", holdsModel ? 1.5 : 3, why, { unit: m.unit });
    if (!bisect || !holdsModel) continue;
    // Replay the same recent requests on both releases: did the model's answers change, the decisions, or both?
    const payloads = surface.recent(o.replaySize ?? 60);
    if (!payloads.length) continue;
    const [before, after] = [
      await surface.replay(m.unit, m.from, payloads),
      await surface.replay(m.unit, m.to, payloads),
    ];
    replays += 2;
    const labels = differ(before, after, (a, b) => sameAnswer(a.label, b.label));
    if (labels > 0.05)
      scores.add(
        "ml",
        "release",
        3,
        `replay: ${(labels * 100).toFixed(0)}% of labels differ between releases ${m.from} and ${m.to}`,
        { unit: m.unit },
      );
    const decisions = differ(before, after, (a, b) =>
      a.decision && b.decision && sameAnswer(a.label, b.label) ? a.decision === b.decision : null,
    );
    if (holdsLogic && decisions > 0.05) {
      scores.add(
        "logic",
        "release",
        3,
        `replay: ${(decisions * 100).toFixed(0)}% of decisions differ for the same label`,
        { unit: m.unit },
      );
    }
  }
  return replays;
}

async function rollback(surface: OperatorSurface, hooks: OperatorHooks, unit: string): Promise<void> {
  const decisionMs = surface.now();
  const production = (await surface.releases(unit)).production;
  try {
    const r = await surface.rollback(unit, {
      who: "operator:auto",
      reason: "runbook: the diagnosis blames a release",
    });
    await hooks.onRollback({
      unit,
      from: r.move.from ?? production?.number ?? 0,
      to: r.move.to,
      decisionMs,
      doneMs: surface.now(),
      ok: true,
    });
  } catch (err) {
    const n = production?.number ?? 0;
    await hooks.onRollback({
      unit,
      from: n,
      to: n,
      decisionMs,
      doneMs: surface.now(),
      ok: false,
      error: String(err),
    });
  }
}
