import { describe, expect, it } from "vitest";
import { runAutoOperator } from "./auto.ts";
import { alert, type Fake, initial, move, operate, surface, WALL } from "./auto-fixture.ts";

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
