/**
 * What the console's rollback button would do now, in plain words. The pattern's rollback goes
 * back to the release production pointed at before its last move; right after the participant's
 * own rollback that is the bad release again, so the console says so and asks before doing it.
 */
import type { AliasMove } from "../../systems/kit/protocol/index.ts";

export type RollbackKind = "redeploy" | "alias";

/** The participant's last successful rollback of a unit, on the drill's clock. */
export interface DoneRollback {
  moveId: number;
  from: number;
  to: number;
  atS: number;
}

export interface RollbackView {
  unit: string;
  kind: RollbackKind;
  production: number | null;
  /** The release a rollback would go to now; null when production never moved from one. */
  target: number | null;
  /** Set while production is where the participant's own rollback put it. */
  done: { from: number; to: number; at_s: number } | null;
  /** A rollback now would undo the participant's own: the console wants a confirmation. */
  needs_confirm: boolean;
  /** The button's words: what pressing it would do now. */
  label: string;
  /** The mark beside the button after a rollback ("Rolled back to release 1 at 0:53"). */
  done_label: string | null;
}

export const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

/** The pattern's own wording: three-layer redeploys a release, proposed moves the bundle alias. */
function doing(kind: RollbackKind, unit: string, from: number, to: number): string {
  return kind === "alias"
    ? `move ${unit}'s production alias from release ${from} to release ${to}`
    : `redeploy ${unit} release ${to} in place of release ${from}`;
}

export function rollbackView(
  unit: string,
  kind: RollbackKind,
  moves: readonly AliasMove[],
  done: DoneRollback | null,
  /** The release a running canary serves (comparative evaluation), or null. */
  canary: number | null = null,
): RollbackView {
  const last = moves.filter((m) => m.alias === "production").at(-1);
  const production = last?.to ?? null;
  if (canary !== null && production !== null)
    return {
      unit,
      kind,
      production,
      target: production,
      needs_confirm: false,
      done: null,
      label: `Roll back: end the canary of ${unit} release ${canary}, every user back on release ${production}`,
      done_label: null,
    };
  const target = last?.from ?? null;
  // Production moved again since (a new release went out): the old rollback is history.
  const current = done !== null && last?.id === done.moveId ? done : null;
  const base = { unit, kind, production, target, needs_confirm: current !== null && target !== null };
  if (!last || target === null)
    return { ...base, done: null, label: `Roll back ${unit} (no earlier release)`, done_label: null };
  const words = doing(kind, unit, last.to, target);
  if (!current) return { ...base, done: null, label: `Roll back: ${words}`, done_label: null };
  return {
    ...base,
    done: { from: current.from, to: current.to, at_s: current.atS },
    label: `Roll back again: ${words} (undoes your rollback)`,
    done_label: `Rolled back to release ${current.to} at ${clock(current.atS)}`,
  };
}
