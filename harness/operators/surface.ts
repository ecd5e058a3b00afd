import type { Alert, AliasMove } from "../../systems/kit/protocol/index.ts";
import type { DeployResult, ReplayAnswer, UnitReleases } from "../deploy/deploy.ts";

/**
 * Everything an operator may see and do, and nothing more: what the pattern's boundaries
 * expose. The same surface type serves the runbook operator and the human console.
 */
export interface OperatorSurface {
  /** Model fields of the public request (to tell input evidence from output evidence). */
  inputFeatures: readonly string[];
  /** Units, and which of them carry the model and the business logic (the same one in a monolith). */
  units: readonly string[];
  modelUnit: string;
  logicUnit: string;
  /** Alerts received so far, with the ms (trial clock) the harness received them. */
  alerts(): { alert: Alert; atMs: number }[];
  /** Resolves once more than `seen` alerts have been received (or the signal aborts): no polling. */
  waitForAlert(seen: number, signal: AbortSignal): Promise<void>;
  metrics(unit: string): Promise<string>;
  /** The last lines a unit logged (JSON lines). */
  logs(unit: string, lines: number): string[];
  /** Releases, production and the alias-move log of one unit, from its admin API. */
  releases(unit: string): Promise<UnitReleases>;
  /** Resolves once no deploy of the unit is in progress (an operator waits for one to finish). */
  settled(unit: string): Promise<void>;
  /** Recent requests users sent, as the system received them. */
  recent(n: number): Record<string, unknown>[];
  /** Where a request falls in the traffic, by the id an alert names (its trigger): the access log's count. */
  positionOf(requestId: string): number | null;
  replay(unit: string, release: number, payloads: Record<string, unknown>[]): Promise<ReplayAnswer[]>;
  rollback(unit: string, by: { who: string; reason: string }): Promise<DeployResult>;
  /** The release a running canary of the unit serves (comparative evaluation), or null. */
  liveCanary(unit: string): Promise<number | null>;
  /** Ends the unit's canary, every caller back on production: the move, or null when none was running. */
  abortCanary(unit: string, by: { who: string; reason: string }): Promise<AliasMove | null>;
  /** ms on the trial's clock. */
  now(): number;
}
