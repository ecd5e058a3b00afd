import { describe, expect, it } from "vitest";
import type { Alert, AliasMove, Release } from "../../systems/kit/protocol/index.ts";
import type { ReplayAnswer } from "../deploy/deploy.ts";
import { type DiagnosisEvent, type RollbackEvent, runAutoOperator } from "./auto.ts";
import { onsetOf, Scores, severityOf, symptoms, weighSymptoms } from "./evidence.ts";
import type { OperatorSurface } from "./surface.ts";

let fp = 0;
const alert = (labels: Partial<Alert["labels"]>, atMs = 1000): { alert: Alert; atMs: number } => ({
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

interface Fake {
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
const WALL = Date.parse("2026-01-01T00:00:00Z");

function surface(f: Fake, calls: string[]): OperatorSurface {
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

const move = (unit: string, atMs = 500): AliasMove => ({
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
const initial = (unit: string): AliasMove => ({ ...move(unit, -1000), id: 1, from: null, to: 1 });

async function operate(f: Fake) {
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

const weigh = (alerts: { alert: Alert; atMs: number }[]) => {
  const s = new Scores();
  weighSymptoms(symptoms(surface({ units: [], modelUnit: "a", logicUnit: "a", alerts }, [])), s);
  return s.ranked();
};

describe("the runbook's evidence", () => {
  it("blames the schema when requests break the contract, at the unit, flow and feature its alert names", () => {
    expect(weigh([alert({ anomaly: "schema", feature: "temp_max", unit: "logic" })])[0]).toMatchObject({
      part: "ml",
      cause: "schema",
      unit: "logic",
      flow: "input",
      feature: "temp_max",
    });
  });

  it("states the onset as the earliest request a showing alert names, and the worst alert's severity", () => {
    const fired = (
      trigger: string,
      severity: "warning" | "critical",
      anomaly: Alert["labels"]["anomaly"],
    ) => {
      const a = alert({ severity, anomaly });
      a.alert.annotations = { trigger };
      return a;
    };
    const alerts = [
      fired("r310", "warning", "drift"),
      fired("r305", "critical", "accuracy"),
      fired("", "warning", "rules"),
    ];
    const s = surface({ units: [], modelUnit: "a", logicUnit: "a", alerts }, []);
    const showing = symptoms(s);
    expect(onsetOf(s, showing)).toBe(305);
    expect(severityOf(showing)).toBe("critical");
    expect(
      onsetOf(s, symptoms(surface({ units: [], modelUnit: "a", logicUnit: "a", alerts: [] }, []))),
    ).toBeNull();
    expect(severityOf([])).toBeUndefined();
  });

  it("blames the infrastructure when the database is slow", () => {
    const ranked = weigh([alert({ anomaly: "latency", feature: "orders", boundary: "db", flow: "store" })]);
    expect(ranked[0]).toMatchObject({ part: "infra", cause: "infrastructure" });
  });

  it("reads what a slow dependency is from the alert's flow, not from its feature's name", () => {
    const scores = (flow: "store" | "unit") =>
      weigh([alert({ anomaly: "latency", feature: "sqlite", boundary: "x", flow })]).map((x) => [
        `${x.part}/${x.cause}`,
        x.score,
      ]);
    expect(scores("store")).toEqual([["infra/infrastructure", 3]]);
    expect(scores("unit")).toEqual([
      ["infra/infrastructure", 1.5],
      ["ml/release", 1],
    ]);
  });

  it("reads a service's refused requests as a changed payload and its failing ones as the infrastructure", () => {
    const top = (feature: string) =>
      weigh([alert({ anomaly: "errors", flow: "service", boundary: "request", feature })])[0];
    expect(top("4xx")).toMatchObject({ part: "ml", cause: "schema" });
    expect(top("5xx")).toMatchObject({ part: "infra", cause: "infrastructure" });
    expect(top("something else")).toBeUndefined();
  });

  it("reads vectors that moved while their inputs did not as the processing, and with drifting inputs as the trend", () => {
    const skew = () =>
      alert({ anomaly: "skew", flow: "vector", boundary: "processing->engine", feature: "wind" });
    expect(weigh([skew()])[0]).toMatchObject({ part: "ml", cause: "processing", feature: "wind" });
    expect(weigh([skew(), alert({ feature: "wind" })])[0]).toMatchObject({ part: "ml", cause: "trend" });
  });

  it("reads outputs that moved while nothing upstream did as the engine", () => {
    const out = () =>
      alert({ anomaly: "drift", flow: "output", boundary: "engine->logic", feature: "confidence" });
    expect(weigh([out()])[0]).toMatchObject({ part: "ml", cause: "engine" });
    const skewed = weigh([out(), alert({ anomaly: "skew", flow: "vector", feature: "wind" })]);
    expect(skewed.find((x) => x.cause === "engine")).toBeUndefined();
  });

  it("reads outputs the logic's guard refuses as the engine first, a release second, where the alert showed", () => {
    const ranked = weigh([
      alert({
        anomaly: "invalid",
        flow: "output",
        boundary: "engine->logic",
        feature: "validity",
        unit: "logic",
      }),
    ]);
    expect(ranked.map((x) => [`${x.part}/${x.cause}`, x.score])).toEqual([
      ["ml/engine", 3],
      ["ml/release", 1],
    ]);
    expect(ranked[0]).toMatchObject({ unit: "logic", flow: "output", feature: "validity" });
  });

  it("reads an input's drift as a trend and ignores resolved alerts", () => {
    const resolved = alert({ anomaly: "schema" });
    resolved.alert.status = "resolved";
    expect(weigh([alert({ feature: "temp_max" }), resolved])[0]).toMatchObject({
      part: "ml",
      cause: "trend",
    });
  });

  it("counts a kind of symptom once, however many monitors show it", () => {
    const one = weigh([alert({ feature: "temp_max" })]);
    const many = weigh(
      ["temp_max", "temp_min", "wind", "precipitation"].flatMap((f) => [
        alert({ feature: f, boundary: "request" }),
        alert({ feature: f, boundary: "logic->processing", unit: "bundle" }),
      ]),
    );
    expect(many.map((s) => [s.part, s.cause, s.score])).toEqual(one.map((s) => [s.part, s.cause, s.score]));
  });

  it("takes an alert that resolved and fired again as showing now, since its first firing", () => {
    const first = alert({ feature: "wind" }, 100);
    const cleared = { ...first, atMs: 200, alert: { ...first.alert, status: "resolved" as const } };
    const again = { ...first, atMs: 300, alert: { ...first.alert, status: "firing" as const } };
    const found = symptoms(
      surface({ units: [], modelUnit: "a", logicUnit: "a", alerts: [first, cleared, again] }, []),
    );
    expect(found).toEqual([expect.objectContaining({ kind: "input-drift", sinceMs: 300 })]);
  });
});

/** A model release moved at 500 ms, answers got worse after it (accuracy at 2 s), replay differs. */
const badModelRelease = (): Fake => ({
  units: ["bundle", "logic"],
  modelUnit: "bundle",
  logicUnit: "logic",
  alerts: [alert({ anomaly: "accuracy", feature: "accuracy", flow: "feedback" }, 2000)],
  moves: { bundle: [move("bundle", 500)] },
  replay: (_u, rel) =>
    Array.from({ length: 20 }, (_, i) => ({
      label: rel === 1 || i % 2 ? "sun" : "rain",
      decision: "go",
      status: 200,
    })),
});

/** The guard refuses the engine's outputs from 2 s on (engine.invalid, or a release that emits them). */
const refused = () => [
  alert({ anomaly: "invalid", flow: "output", boundary: "engine->logic", feature: "validity" }, 2000),
];

describe("the runbook operator", () => {
  it("rolls back the model unit when a model release moved and answers got worse after it", async () => {
    const r = await operate({
      ...badModelRelease(),
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "release" });
    expect(r.calls).toEqual(["replay bundle#1", "replay bundle#2", "settled bundle", "rollback bundle"]);
  });

  it("blames the logic of a unit that holds both when replay shows the same labels but other decisions", async () => {
    const r = await operate({
      units: ["app"],
      modelUnit: "app",
      logicUnit: "app",
      alerts: [alert({ anomaly: "drift", feature: "label", flow: "output" }, 2000)],
      moves: { app: [move("app", 500)] },
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

  it("blames the engine and rolls nothing back when outputs are refused and no release went out", async () => {
    const r = await operate({
      units: ["bundle", "logic"],
      modelUnit: "bundle",
      logicUnit: "logic",
      alerts: refused(),
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "engine", flow: "output" });
    expect(r.calls).toEqual([]);
    expect(r.rollbacks).toEqual([]);
  });

  it("rolls back a model release that went out before outputs were refused when replay shows it answers otherwise", async () => {
    const r = await operate({ ...badModelRelease(), alerts: refused() });
    expect(r.top).toMatchObject({ part: "ml", cause: "release", unit: "bundle" });
    expect(r.calls).toEqual(["replay bundle#1", "replay bundle#2", "settled bundle", "rollback bundle"]);
  });

  it("leads with a model release that went out before outputs were refused until replay clears it, then the engine", async () => {
    const r = await operate({
      ...badModelRelease(),
      alerts: refused(),
      replay: () => Array.from({ length: 20 }, () => ({ label: "sun", decision: "go", status: 200 })),
    });
    // Before the replay, the move (3) and the symptom's own weight (1) outrank the engine (3).
    expect(r.diagnoses[0].ranked[0]).toMatchObject({ part: "ml", cause: "release" });
    expect(r.top).toMatchObject({ part: "ml", cause: "engine" });
    expect(r.rollbacks).toEqual([]);
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

  it("never acts on a production move alone: a move with only a contract break showing is not rolled back", async () => {
    const r = await operate({
      units: ["bundle", "logic"],
      modelUnit: "bundle",
      logicUnit: "logic",
      alerts: [alert({ anomaly: "schema", feature: "temp_max" }, 2000)],
      moves: { logic: [move("logic", 500)] },
    });
    expect(r.rollbacks).toEqual([]);
    expect(r.calls.filter((c) => c.startsWith("rollback"))).toEqual([]);
  });

  it("does not blame a release that went out after the symptoms began", async () => {
    const r = await operate({
      units: ["bundle", "logic"],
      modelUnit: "bundle",
      logicUnit: "logic",
      alerts: [alert({ anomaly: "accuracy", feature: "accuracy", flow: "feedback" }, 400)],
      moves: { bundle: [move("bundle", 900)] },
      replay: () => Array.from({ length: 20 }, () => ({ label: "sun", decision: "go", status: 200 })),
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "trend" });
    expect(r.rollbacks).toEqual([]);
  });

  it("names the unit the release went out on, not the unit whose alert showed it", async () => {
    const r = await operate({
      ...badModelRelease(),
      alerts: [alert({ anomaly: "accuracy", feature: "accuracy", flow: "feedback", unit: "logic" }, 2000)],
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "release", unit: "bundle", flow: "feedback" });
  });

  it("aborts the canary, not production, when the release it blames is still on canary", async () => {
    const r = await operate({
      ...badModelRelease(),
      moves: { bundle: [initial("bundle"), { ...move("bundle", 500), alias: "canary" }] },
      canary: { bundle: 2 },
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "release" });
    expect(r.calls.filter((c) => c.startsWith("rollback") || c.startsWith("abort"))).toEqual([
      "abort canary bundle",
    ]);
    expect(r.rollbacks).toMatchObject([{ unit: "bundle", from: 2, to: 1, ok: true }]);
  });

  it("rolls nothing back when the release it blames never left its canary", async () => {
    const back = { ...move("bundle", 900), id: 3, alias: "canary", from: 2, to: 1 };
    const r = await operate({
      ...badModelRelease(),
      moves: { bundle: [initial("bundle"), { ...move("bundle", 500), alias: "canary" }, back] },
    });
    expect(r.top).toMatchObject({ part: "ml", cause: "release" });
    expect(r.calls.filter((c) => c.startsWith("rollback") || c.startsWith("abort"))).toEqual([]);
    expect(r.rollbacks).toEqual([]);
  });

  it("waits for a deploy still going out on the unit before rolling it back", async () => {
    let finish = () => {};
    const deploying = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const calls: string[] = [];
    const order: string[] = [];
    const stop = new AbortController();
    const f: Fake = {
      ...badModelRelease(),
      deploying: { bundle: deploying },
    };
    const done = runAutoOperator(
      surface(f, calls),
      { onDiagnosis: () => order.push("diagnosis"), onRollback: () => void order.push("rollback") },
      { signal: stop.signal, sinceWallMs: WALL, settleMs: 10 },
    );
    while (order.length < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.some((c) => c.startsWith("rollback"))).toBe(false);
    finish();
    while (!order.includes("rollback")) await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    await done;
    expect(calls.slice(-2)).toEqual(["settled bundle", "rollback bundle"]);
  });
});
