import { ALIASES, type AliasMove } from "../../systems/kit/protocol/index.ts";
import type { OperatorSurface } from "./surface.ts";

/**
 * A release that went out since the watch began: which unit, from and to which release, when (trial
 * clock). `canary`: it went to a share of users through comparative evaluation's canary (from =
 * production's release then), not to production.
 */
export interface Move {
  unit: string;
  from: number;
  to: number;
  atMs: number;
  canary?: boolean;
}

/**
 * Releases that went out from one unit's alias-move log, on the trial clock: every production move
 * after `sinceWallMs`, and every canary start (the canary alias moved to a release production was
 * not serving then; a move of it back to production's release is the canary's end, not a release).
 */
export function movesOf(unit: string, log: readonly AliasMove[], sinceWallMs: number): Move[] {
  const out: Move[] = [];
  let production: number | null = null;
  for (const m of log) {
    const at = Date.parse(m.at);
    const recent = at >= sinceWallMs;
    if (m.alias === ALIASES.production) {
      if (recent && m.from !== null) out.push({ unit, from: m.from, to: m.to, atMs: at - sinceWallMs });
      production = m.to;
    } else if (m.alias === ALIASES.canary && recent && production !== null && m.to !== production)
      out.push({ unit, from: production, to: m.to, atMs: at - sinceWallMs, canary: true });
  }
  return out;
}

/** Releases that went out since `sinceWallMs` (the trial's start on the wall clock), every unit. */
export async function recentMoves(surface: OperatorSurface, sinceWallMs: number): Promise<Move[]> {
  const out: Move[] = [];
  for (const unit of surface.units)
    out.push(...movesOf(unit, (await surface.releases(unit)).moves, sinceWallMs));
  return out;
}
