import type { AliasMove } from "../../systems/kit/protocol/index.ts";
import type { OperatorSurface } from "./surface.ts";

/** What a rollback command did: from and to which release, the move it made, or why it failed. */
export interface TakenBack {
  from: number;
  to: number;
  ok: boolean;
  move?: AliasMove;
  error?: string;
  /** The canary it meant to end had already ended (comparative evaluation's judge was first). */
  gone?: boolean;
}

/**
 * Takes a unit's release back as any operator would, runbook or person: a release still on canary
 * by ending the canary (every user back on production), anything else by moving production back.
 */
export async function takeBack(
  surface: OperatorSurface,
  unit: string,
  by: { who: string; reason: string },
): Promise<TakenBack> {
  const production = (await surface.releases(unit)).production?.number ?? 0;
  try {
    const live = await surface.liveCanary(unit);
    if (live !== null) {
      const move = await surface.abortCanary(unit, by);
      if (move) return { from: live, to: move.to, ok: true, move };
      return {
        from: production,
        to: production,
        ok: false,
        gone: true,
        error: "the canary had already ended",
      };
    }
    const { move } = await surface.rollback(unit, by);
    return { from: move.from ?? production, to: move.to, ok: true, move };
  } catch (err) {
    return { from: production, to: production, ok: false, error: String(err) };
  }
}
