/** The runbook tests' fake operator surface, alerts and release moves: nothing random, every field explicit. */
import type { Alert, AliasMove, Release } from "../../systems/kit/protocol/index.ts";
import type { ReplayAnswer } from "../deploy/deploy.ts";
import { type DiagnosisEvent, type RollbackEvent, runAutoOperator } from "./auto.ts";
import { Scores, symptoms, weighSymptoms } from "./evidence.ts";
import type { OperatorSurface } from "./surface.ts";

let fp = 0;
export const alert = (labels: Partial<Alert["labels"]>, atMs = 1000): { alert: Alert; atMs: number } => ({
  atMs,
  alert: {
    status: "firing",
    labels: {
      alertname: "X",
      system: "s",
      unit: "u",
      boundary: "b",
      feature: "f",
      anomaly: "drift",
      flow: "input",
      severity: "warning",
      ...labels,
    },
    annotations: {},
    startsAt: "",
    endsAt: "",
    generatorURL: "",
    fingerprint: `fp${fp++}`,
  },
});

export interface Fake {
  units: string[];
  modelUnit: string;
  logicUnit: string;
  alerts: { alert: Alert; atMs: number }[];
  moves?: Record<string, AliasMove[]>;
  replay?: (unit: string, release: number) => ReplayAnswer[];
  /** The release a running canary serves, per unit. */
  canary?: Record<string, number>;
  /** A deploy of a unit still going out: settled() resolves with it. */
  deploying?: Record<string, Promise<void>>;
}

/** The trial's wall-clock start: a move `atMs` into the trial is stamped at WALL + atMs. */
export const WALL = Date.parse("2026-01-01T00:00:00Z");

export function surface(f: Fake, calls: string[]): OperatorSurface {
  return {
    inputFeatures: ["temp_max", "location"],
    units: f.units,
    modelUnit: f.modelUnit,
    logicUnit: f.logicUnit,
    alerts: () => f.alerts,
    waitForAlert: (_seen, signal) =>
      new Promise((r) => signal.addEventListener("abort", () => r(), { once: true })),
    metrics: async () => "",
    logs: () => [],
    releases: async (unit) => ({ releases: [] as Release[], production: null, moves: f.moves?.[unit] ?? [] }),
    settled: async (unit) => {
      await f.deploying?.[unit];
      calls.push(`settled ${unit}`);
    },
    recent: () => Array.from({ length: 20 }, (_, i) => ({ i })),
    // The harness's ids: request i of the traffic is "r<i>".
    positionOf: (id) => (/^r\d+$/.test(id) ? Number(id.slice(1)) : null),
    replay: async (unit, release) => {
      calls.push(`replay ${unit}#${release}`);
      return f.replay?.(unit, release) ?? [];
    },
    rollback: async (unit) => {
      calls.push(`rollback ${unit}`);
      return {
        unit,
        tookMs: 1,
        move: { id: 1, unit, alias: "production", from: 2, to: 1, who: "op", at: "", reason: null },
      };
    },
    liveCanary: async (unit) => f.canary?.[unit] ?? null,
    abortCanary: async (unit) => {
      calls.push(`abort canary ${unit}`);
      return {
        id: 9,
        unit,
        alias: "canary",
        from: f.canary?.[unit] ?? null,
        to: 1,
        who: "op",
        at: "",
        reason: null,
      };
    },
    now: () => 10,
  };
}

export const move = (unit: string, atMs = 500): AliasMove => ({
  id: 2,
  unit,
  alias: "production",
  from: 1,
  to: 2,
  who: "release pipeline",
  at: new Date(WALL + atMs).toISOString(),
  reason: null,
});

/** Production's first release, before the watch began. */
export const initial = (unit: string): AliasMove => ({ ...move(unit, -1000), id: 1, from: null, to: 1 });

export async function operate(f: Fake) {
  const calls: string[] = [];
  const diagnoses: DiagnosisEvent[] = [];
  const rollbacks: RollbackEvent[] = [];
  const stop = new AbortController();
  const done = runAutoOperator(
    surface(f, calls),
    { onDiagnosis: (d) => diagnoses.push(d), onRollback: (r) => void rollbacks.push(r) },
    { signal: stop.signal, sinceWallMs: WALL, settleMs: 10 },
  );
  while (diagnoses.length < 2) await new Promise((r) => setTimeout(r, 5));
  stop.abort();
  await done;
  return { calls, diagnoses, rollbacks, top: diagnoses.at(-1)?.ranked[0] };
}

export const weigh = (alerts: { alert: Alert; atMs: number }[]) => {
  const s = new Scores();
  weighSymptoms(symptoms(surface({ units: [], modelUnit: "a", logicUnit: "a", alerts }, [])), s);
  return s.ranked();
};
