import { describe, expect, it } from "vitest";
import type { Alert } from "../../systems/kit/monitor/index.ts";
import type { AliasMove, Release } from "../../systems/kit/registry/index.ts";
import type { ReplayAnswer } from "../deploy/deploy.ts";
import { type DiagnosisEvent, type RollbackEvent, runAutoOperator } from "./auto.ts";
import { Scores, weighAlerts } from "./evidence.ts";
import type { OperatorSurface } from "./surface.ts";

const alert = (labels: Partial<Alert["labels"]>): { alert: Alert; atMs: number } => ({
  atMs: 1,
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
    fingerprint: JSON.stringify(labels),
  },
});

interface Fake {
  units: string[];
  modelUnit: string;
  logicUnit: string;
  alerts: { alert: Alert; atMs: number }[];
  moves?: Record<string, AliasMove[]>;
  replay?: (unit: string, release: number) => ReplayAnswer[];
}

function surface(f: Fake, calls: string[]): OperatorSurface {
  return {
    inputFeatures: ["temp_max", "location"],
    units: f.units,
    modelUnit: f.modelUnit,
    logicUnit: f.logicUnit,
    alerts: () => f.alerts,
    metrics: async () => "",
    logs: () => [],
    releases: async (unit) => ({ releases: [] as Release[], production: null, moves: f.moves?.[unit] ?? [] }),
    recent: () => Array.from({ length: 20 }, (_, i) => ({ i })),
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
    now: () => 10,
  };
}

const move = (unit: string): AliasMove => ({
  id: 2,
  unit,
  alias: "production",
  from: 1,
  to: 2,
  who: "release pipeline",
  at: new Date().toISOString(),
  reason: null,
});

async function operate(f: Fake) {
  const calls: string[] = [];
  const diagnoses: DiagnosisEvent[] = [];
  const rollbacks: RollbackEvent[] = [];
  const stop = new AbortController();
  const done = runAutoOperator(
    surface(f, calls),
    { onDiagnosis: (d) => diagnoses.push(d), onRollback: (r) => void rollbacks.push(r) },
    { signal: stop.signal, sinceWallMs: Date.now() - 60_000, settleMs: 10 },
  );
  while (diagnoses.length < 2) await new Promise((r) => setTimeout(r, 5));
  stop.abort();
  await done;
  return { calls, diagnoses, rollbacks, top: diagnoses.at(-1)?.ranked[0] };
}

describe("the runbook's evidence", () => {
  it("blames the schema when requests break the contract", () => {
    const s = new Scores();
    weighAlerts(
      surface(
        {
          units: [],
          modelUnit: "a",
          logicUnit: "a",
          alerts: [alert({ anomaly: "schema", feature: "temp_max" })],
        },
        [],
      ),
      s,
    );
    expect(s.ranked()[0]).toMatchObject({ part: "ml", cause: "schema", feature: "temp_max" });
  });

  it("blames the infrastructure when the database is slow", () => {
    const s = new Scores();
    weighAlerts(
      surface(
        {
          units: [],
          modelUnit: "a",
          logicUnit: "a",
          alerts: [alert({ anomaly: "latency", feature: "orders", boundary: "db", flow: "store" })],
        },
        [],
      ),
      s,
    );
    expect(s.ranked()[0]).toMatchObject({ part: "infra", cause: "infrastructure" });
  });

  it("reads what a slow dependency is from the alert's flow, not from its feature's name", () => {
    const weigh = (flow: "store" | "unit") => {
      const s = new Scores();
      const a = alert({ anomaly: "latency", feature: "sqlite", boundary: "x", flow });
      weighAlerts(surface({ units: [], modelUnit: "a", logicUnit: "a", alerts: [a] }, []), s);
      return s.ranked().map((x) => [`${x.part}/${x.cause}`, x.score]);
    };
    expect(weigh("store")).toEqual([["infra/infrastructure", 3]]);
    expect(weigh("unit")).toEqual([
      ["infra/infrastructure", 1.5],
      ["ml/release", 1],
    ]);
  });

  it("reads an input's drift as a trend and ignores resolved alerts", () => {
    const s = new Scores();
    const resolved = {
      ...alert({ anomaly: "schema" }),
      alert: { ...alert({ anomaly: "schema" }).alert, status: "resolved" as const },
    };
    weighAlerts(
      surface(
        { units: [], modelUnit: "a", logicUnit: "a", alerts: [alert({ feature: "temp_max" }), resolved] },
        [],
      ),
      s,
    );
    expect(s.ranked()[0]).toMatchObject({ part: "ml", cause: "trend" });
  });
});

describe("the runbook operator", () => {
  it("rolls back the model unit when a model release moved and answers got worse", async () => {
    const r = await operate({
      units: ["bundle", "logic"],
      modelUnit: "bundle",
      logicUnit: "logic",
      alerts: [alert({ anomaly: "accuracy", feature: "accuracy" })],
      moves: { bundle: [move("bundle")] },
      replay: (_u, rel) =>
        Array.from({ length: 20 }, (_, i) => ({
          label: rel === 1 || i % 2 ? "sun" : "rain",
          decision: "go",
          status: 200,
        })),
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "release" });
    expect(r.calls).toEqual(["replay bundle#1", "replay bundle#2", "rollback bundle"]);
  });

  it("blames the logic of a unit that holds both when replay shows the same labels but other decisions", async () => {
    const r = await operate({
      units: ["app"],
      modelUnit: "app",
      logicUnit: "app",
      alerts: [alert({ anomaly: "drift", feature: "label", flow: "output" })],
      moves: { app: [move("app")] },
      replay: (_u, rel) =>
        Array.from({ length: 20 }, () => ({
          label: "rain",
          decision: rel === 1 ? "move-indoors" : "go",
          status: 200,
        })),
    });
    expect(r.top).toMatchObject({ part: "logic", cause: "release" });
    expect(r.calls.at(-1)).toBe("rollback app");
    expect(r.diagnoses.at(-1)?.replays).toBe(2);
  });

  it("does not roll anything back for a trend", async () => {
    const r = await operate({
      units: ["app"],
      modelUnit: "app",
      logicUnit: "app",
      alerts: [alert({ feature: "temp_max" })],
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "trend" });
    expect(r.calls).toEqual([]);
    expect(r.rollbacks).toEqual([]);
  });
});
