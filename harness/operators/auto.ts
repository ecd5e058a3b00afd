import type { Severity, Suspect } from "../../systems/kit/protocol/index.ts";
import { onsetOf, releaseSymptom, Scores, severityOf, symptoms, weighSymptoms } from "./evidence.ts";
import { movesOf, recentMoves } from "./moves.ts";
import type { OperatorSurface } from "./surface.ts";
import { takeBack } from "./take-back.ts";

export interface DiagnosisEvent {
  atMs: number;
  ranked: Suspect[];
  replays: number;
  /** The first anomalous request, as the operator states it (null: cannot say); absent: not asked. */
  onsetRequest?: number | null;
  /** How anomalous, on the alerts' scale. */
  severity?: Severity;
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
 * The runbook operator, one implementation for every pattern. It wakes on alerts (it is told of
 * each as it arrives), weighs the symptoms showing now (each kind once), relates them to the
 * production moves since the watch began (a move counts against a release only when the symptoms
 * began after it), bisects moved model units by replaying recent requests on the release before
 * and after, ranks suspects (part, cause), and rolls back the unit it blames — only when a symptom
 * (not a change alone) supports the blame, and only once a deploy in progress on that unit has
 * finished. It never sleeps to fake effort and never asks which pattern it is looking at: what a
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
    if (surface.alerts().length === seenAlerts) {
      await surface.waitForAlert(seenAlerts, o.signal);
      continue;
    }
    seenAlerts = surface.alerts().length;
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
      const showing = symptoms(surface);
      weighSymptoms(showing, scores);
      replays += await weighChanges(surface, scores, o, pass === 1);
      const ranked = scores.ranked();
      hooks.onDiagnosis({
        atMs: surface.now(),
        ranked,
        replays,
        onsetRequest: onsetOf(surface, showing),
        severity: severityOf(showing),
      });
      const top = ranked[0];
      // Only a symptom a bad release can cause is grounds to roll one back: never a change alone.
      if (pass === 1 && top?.cause === "release" && !rolledBack && showing.some(releaseSymptom)) {
        rolledBack = true;
        const unit = top.part === "logic" ? surface.logicUnit : surface.modelUnit;
        // A deploy still going out on the unit finishes first: acting on a unit mid-deploy breaks it.
        await surface.settled(unit);
        await rollback(surface, hooks, unit, o.sinceWallMs);
      }
    }
    hooks.onActive?.(false);
  }
}

/**
 * Recent production changes, read against the symptoms' onset: a move counts against its unit's
 * release when symptoms that a release can cause began after it; a move after the symptoms began
 * did not cause them. On the second pass, moved model units are bisected by replay: changed
 * answers weigh for the release, unchanged ones against it.
 */
async function weighChanges(
  surface: OperatorSurface,
  scores: Scores,
  o: AutoOptions,
  bisect: boolean,
): Promise<number> {
  let replays = 0;
  const moves = await recentMoves(surface, o.sinceWallMs);
  const showing = symptoms(surface).filter(releaseSymptom);
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
    const after = showing.filter((s) => s.sinceMs >= m.atMs);
    const went = m.canary
      ? `a canary of release ${m.to} went out on ${m.unit} beside release ${m.from}`
      : `production on ${m.unit} moved from release ${m.from} to ${m.to}`;
    const why = after.length
      ? `${went} before ${after.map((s) => s.kind).join(", ")} began`
      : `${went}, after the symptoms began`;
    const weight = after.length ? 3 : 0.5;
    const where = { unit: m.unit, changed: true };
    if (holdsModel) scores.add("ml", "release", holdsLogic ? weight / 2 : weight, why, where);
    if (holdsLogic) scores.add("logic", "release", holdsModel ? weight / 2 : weight, why, where);
    if (!bisect || !holdsModel) continue;
    // Replay the same recent requests on both releases: did the model's answers change, the decisions, or both?
    const payloads = surface.recent(o.replaySize ?? 60);
    if (!payloads.length) continue;
    const [before, afterMove] = [
      await surface.replay(m.unit, m.from, payloads),
      await surface.replay(m.unit, m.to, payloads),
    ];
    replays += 2;
    const labels = differ(before, afterMove, (a, b) => sameAnswer(a.label, b.label));
    const decisions = differ(before, afterMove, (a, b) =>
      a.decision && b.decision && sameAnswer(a.label, b.label) ? a.decision === b.decision : null,
    );
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    if (labels > 0.05)
      scores.add(
        "ml",
        "release",
        3,
        `replay: ${pct(labels)} of labels differ between releases ${m.from} and ${m.to}`,
        {
          unit: m.unit,
        },
      );
    if (holdsLogic && decisions > 0.05)
      scores.add("logic", "release", 3, `replay: ${pct(decisions)} of decisions differ for the same label`, {
        unit: m.unit,
      });
    if (labels <= 0.05 && decisions <= 0.05) {
      // The change did not change what users get on these requests: it is not what broke them.
      const why = `replay: releases ${m.from} and ${m.to} answer recent requests alike`;
      if (scores.has("ml", "release")) scores.add("ml", "release", -3, why, { unit: m.unit });
      if (holdsLogic && scores.has("logic", "release"))
        scores.add("logic", "release", -3, why, { unit: m.unit });
    }
  }
  return replays;
}

async function rollback(
  surface: OperatorSurface,
  hooks: OperatorHooks,
  unit: string,
  sinceWallMs: number,
): Promise<void> {
  const decisionMs = surface.now();
  const went = movesOf(unit, (await surface.releases(unit)).moves, sinceWallMs);
  // The release never reached production and its canary is over: there is nothing to roll back.
  if (went.length && went.every((m) => m.canary) && (await surface.liveCanary(unit)) === null) return;
  const r = await takeBack(surface, unit, {
    who: "operator:auto",
    reason: "runbook: the diagnosis blames a release",
  });
  // Comparative evaluation ended the canary first: nothing was left to do.
  if (!r.gone)
    await hooks.onRollback({
      unit,
      from: r.from,
      to: r.to,
      ok: r.ok,
      error: r.error,
      decisionMs,
      doneMs: surface.now(),
    });
}
