import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AliasMove, Release } from "../../systems/kit/registry/index.ts";
import type { RollbackEvent } from "../operators/auto.ts";
import type { OperatorSurface } from "../operators/surface.ts";
import { diagnosisRecord } from "../trial/diagnosis-record.ts";
import { Journal } from "../trial/journal.ts";
import type { TrialHooks } from "../trial/run.ts";
import { HumanOperator } from "./human.ts";
import { REJECTED_BODY_CHARS } from "./inputs.ts";
import { Redactor } from "./redact.ts";
import { type ConsoleServer, startConsole } from "./server.ts";

const release = (n: number, note: string | null): Release => ({
  unit: "bundle",
  number: n,
  digest: "d",
  path: "/x",
  createdAt: "2024-01-01T00:00:00Z",
  note,
  lineage: { codeVersion: "c", dataDigest: "data", params: { note }, metrics: { heldOutAccuracy: 0.9 } },
});

/** A proposed system on paper: release 2 (the bad one) went out after release 1. */
function world() {
  const origin = performance.now();
  const moves: AliasMove[] = [
    { id: 1, unit: "bundle", alias: "production", from: null, to: 1, who: "deploy", at: "t0", reason: null },
    {
      id: 2,
      unit: "bundle",
      alias: "production",
      from: 1,
      to: 2,
      who: "release pipeline",
      at: "t1",
      reason: "release.model fault",
    },
  ];
  const rollbacks: string[] = [];
  const surface: OperatorSurface = {
    inputFeatures: ["x"],
    units: ["logic", "bundle"],
    modelUnit: "bundle",
    logicUnit: "logic",
    alerts: () => [],
    waitForAlert: (_seen, signal) =>
      new Promise((r) => signal.addEventListener("abort", () => r(), { once: true })),
    settled: async () => {},
    metrics: async () => 'archdrill_predictions_total{unit="bundle",label="a"} 5\n',
    logs: () => ['{"msg":"alias moved","reason":"release.model fault"}'],
    releases: async () => ({
      releases: [release(1, null), release(2, "release.model: label noise 0.6")],
      production: release(moves.at(-1)!.to, null),
      moves,
    }),
    recent: () => [{ x: 1 }],
    positionOf: () => null,
    replay: async () => [{ label: "a", decision: null, status: 200 }],
    // As the deploy layer does: back to where production pointed before its last move.
    rollback: async (unit) => {
      rollbacks.push(unit);
      const last = moves.at(-1)!;
      const move = {
        id: last.id + 1,
        unit,
        alias: "production",
        from: last.to,
        to: last.from ?? last.to,
        who: "operator:human",
        at: `t${last.id + 1}`,
        reason: null,
      };
      moves.push(move);
      return { unit, move, tookMs: 5 };
    },
    liveCanary: async () => null,
    abortCanary: async () => null,
    now: () => performance.now() - origin,
  };
  return { surface, rollbacks };
}

let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A console over the fake system; the traffic starts at once unless `traffic` is false. With
 * `early`, the releases are asked for before the trial hands the operator its context.
 */
async function setUp(o: { traffic?: boolean; timeLimitMs?: number; early?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "console-"));
  const journal = Journal.create(dir);
  const { surface, rollbacks } = world();
  const active: boolean[] = [];
  const rolled: RollbackEvent[] = [];
  let endedAt: number | null = null;
  const hooks: TrialHooks = {
    onActive: (a) => active.push(a),
    onDiagnosis: (d) => journal.append(diagnosisRecord(d, 0)),
    // The trial would run the verification probe here; it passes at once.
    onRollback: async (r) => {
      rolled.push(r);
      return { verifiedMs: r.doneMs + 1 };
    },
  };
  const operator = new HumanOperator({
    system: "classification/proposed",
    participant: "p",
    timeLimitMs: o.timeLimitMs,
    rollbackKinds: { bundle: "alias", logic: "redeploy" },
  });
  server = await startConsole(
    operator,
    Redactor.forScenario("scenarios/classification/release-model.yaml", "A worse model release goes out"),
  );
  const base = server.url.replace(/\/\?token=.*/, "");
  // A string body goes as it is: the console must cope with what a browser (or anyone) sends.
  const call = (method: string, route: string, body?: unknown, token = server!.token) =>
    fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      redirect: "manual",
    });
  const before = o.early ? await call("GET", "/api/releases?unit=bundle") : null;
  const run = operator.run({
    surface,
    hooks,
    signal: new AbortController().signal,
    sinceWallMs: 0,
    journal,
    endTraffic: () => {
      endedAt = surface.now();
    },
  });
  // The trial journals each answered request: the first one is the drill's start.
  const startTraffic = () => {
    const sentMs = surface.now();
    journal.append({ type: "request", i: 0, sent_ms: sentMs, ms: 2, status: 200, ok: true });
    return sentMs;
  };
  if (o.traffic !== false) {
    startTraffic();
    await vi.waitFor(() => expect(operator.phase).toBe("running"));
  }
  const state = async () => (await call("GET", "/api/state")).json();
  const actions = () => journal.records().flatMap((r) => (r.type === "action" ? [r] : []));
  return {
    journal,
    operator,
    call,
    run,
    rollbacks,
    rolled,
    active,
    trafficEnded: () => endedAt !== null,
    endedAt: () => endedAt,
    before,
    startTraffic,
    state,
    actions,
  };
}

describe("the operator console", () => {
  it("answers only with its token, and trades the token in the URL for a cookie", async () => {
    const { call, operator, run } = await setUp();
    expect((await call("GET", "/api/state", undefined, "wrong")).status).toBe(401);
    const first = await fetch(server!.url, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/");
    expect(first.headers.get("set-cookie")).toMatch(/^drill_token=.+; HttpOnly; SameSite=Strict/);
    const page = await call("GET", "/");
    expect(await page.text()).toContain('<h2 id="h-diag">Diagnosis</h2>');
    operator.stop();
    await run;
  });

  it("says the system is being prepared before the drill runs, then shows releases without notes, reasons or fault names", async () => {
    const { call, operator, run, before } = await setUp({ early: true });
    expect(before?.status).toBe(422);
    expect(await before?.json()).toEqual({
      error: "the system is still being prepared: the drill starts with the traffic",
    });
    const rel = await (await call("GET", "/api/releases?unit=bundle")).text();
    expect(rel).toContain('"production":2');
    expect(rel).not.toMatch(/noise|fault|release\.model/);
    const logs = await (await call("GET", "/api/logs?unit=bundle&lines=5")).text();
    expect(logs).toContain("[hidden] fault");
    const unknown = await call("GET", "/api/logs?unit=db");
    expect(await unknown.json()).toEqual({ error: "field 'unit' must be one of logic, bundle (got 'db')" });
    operator.stop();
    await run;
  });

  it("journals a diagnosis, a rollback that ends the drill once the tests pass, and the questionnaire", async () => {
    const { call, journal, run, rollbacks, rolled, active, trafficEnded, operator } = await setUp();
    const bad = await call("POST", "/api/diagnosis", { part: "ml", cause: "weather" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatch(/^field 'cause' /);
    const early = await call("POST", "/api/questionnaire", {
      helped_identify: 3,
      helped_rollback: 3,
      would_adopt: 3,
    });
    expect((await early.json()).error).toBe("the questionnaire opens when the drill is over");
    journal.append({ type: "injection", fault: "release.model", at_ms: 1, at_request: 10 });
    const diag = {
      part: "ml",
      cause: "release",
      unit: "bundle",
      flow: "output",
      onset: 12,
      severity: "critical",
      text: "new release",
      alternatives: [{ part: "ml", cause: "trend" }],
    };
    expect((await call("POST", "/api/diagnosis", diag)).status).toBe(200);
    expect((await call("POST", "/api/rollback", { unit: "bundle" })).status).toBe(200);
    await run;
    expect(rollbacks).toEqual(["bundle"]);
    expect(rolled).toMatchObject([{ unit: "bundle", from: 2, to: 1, ok: true }]);
    expect(rolled[0].decisionMs).toBeLessThanOrEqual(rolled[0].doneMs);
    expect(active).toEqual([true, false]);
    expect(trafficEnded()).toBe(true);
    expect(operator.phase).toBe("ended");
    const answers = { helped_identify: 4, helped_rollback: 5, would_adopt: 2, comment: "ok" };
    expect((await call("POST", "/api/questionnaire", { ...answers, helped_identify: 6 })).status).toBe(422);
    const finished = operator.finish(journal);
    expect((await call("POST", "/api/questionnaire", answers)).status).toBe(200);
    await finished;
    const rs = journal.records();
    const d = rs.find((r) => r.type === "diagnosis");
    expect(d?.type === "diagnosis" && d.ranked.map((s) => `${s.part}/${s.cause}`)).toEqual([
      "ml/release",
      "ml/trend",
    ]);
    expect(d).toMatchObject({
      onset_request: 12,
      severity: "critical",
    });
    expect(d?.type === "diagnosis" && d.ranked[0]).toMatchObject({ unit: "bundle", flow: "output" });
    expect(rs.find((r) => r.type === "questionnaire")).toMatchObject(answers);
    const actions = rs.flatMap((r) => (r.type === "action" ? [`${r.action}:${r.ok}`] : []));
    expect(actions).toEqual([
      "diagnosis:false",
      "questionnaire:false",
      "diagnosis:true",
      "rollback:true",
      "questionnaire:false",
      "questionnaire:true",
    ]);
  });

  it("keeps the drill, its clock and its time limit waiting while the system is prepared, and starts them with the traffic", async () => {
    const { call, journal, operator, run, active, startTraffic, state, actions, endedAt } = await setUp({
      traffic: false,
      timeLimitMs: 200,
      early: true,
    });
    expect(await state()).toMatchObject({
      phase: "preparing",
      elapsed_s: null,
      time_left_s: 0.2,
      rollback: [],
    });
    expect(await (await call("GET", "/api/alerts")).json()).toEqual({ alerts: [] });
    const early = await call("POST", "/api/diagnosis", { part: "ml", cause: "release" });
    expect(early.status).toBe(422);
    expect((await call("POST", "/api/end")).status).toBe(422);
    await call("GET", "/");
    // Longer than the time limit: preparing is not the participant's time.
    await new Promise((r) => setTimeout(r, 350));
    expect(operator.phase).toBe("preparing");
    expect(journal.records().some((r) => r.type === "drill")).toBe(false);
    const trafficStarted = performance.now();
    const sentMs = startTraffic();
    await vi.waitFor(() => expect(operator.phase).toBe("running"));
    const live = await state();
    // The clock counts from the traffic, not from the 350 ms of preparing before it.
    expect(live.elapsed_s).toBeGreaterThanOrEqual(0);
    // (elapsed_s is rounded to a tenth of a second.)
    expect(live.elapsed_s).toBeLessThanOrEqual((performance.now() - trafficStarted) / 1000 + 0.05);
    await run;
    expect(operator.message).toContain("time limit");
    expect(active).toEqual([true, false]);
    expect((endedAt() ?? 0) - sentMs).toBeGreaterThanOrEqual(199);
    expect(journal.records().find((r) => r.type === "drill")).toMatchObject({
      at_ms: sentMs,
      time_limit_ms: 200,
    });
    // Kept too: what came before the trial handed over (marked), and while it prepared.
    const marks = (a: { detail: Record<string, unknown> }) =>
      a.detail.before_start ?? a.detail.preparing ?? null;
    expect(actions().map((a) => [a.action, a.ok, marks(a)])).toEqual([
      ["releases", false, true],
      ["diagnosis", false, null],
      ["end", false, null],
      ["open", true, true],
    ]);
    operator.stop();
  });

  it("keeps every rejected submission in the action log as it was sent, capped, and counts it", async () => {
    const { call, operator, run, actions } = await setUp();
    const weather = await call("POST", "/api/diagnosis", { part: "ml", cause: "weather" });
    expect((await weather.json()).error).toMatch(/^field 'cause' /);
    const notJson = await call("POST", "/api/questionnaire", "{helped_identify: 4");
    expect(await notJson.json()).toEqual({ error: "the body is not JSON" });
    const long = JSON.stringify({ part: "ml", cause: "release", text: "x".repeat(5000) });
    expect((await call("POST", "/api/diagnosis", long)).status).toBe(422);
    const huge = JSON.stringify({ part: "ml", cause: "release", text: "y".repeat(70 * 1024) });
    const tooBig = await call("POST", "/api/diagnosis", huge);
    expect(await tooBig.json()).toEqual({ error: "the body is larger than 64 KiB" });
    expect((await call("POST", "/api/rollback", { unit: "bundle", now: true })).status).toBe(422);

    const rejected = actions().filter((a) => !a.ok);
    expect(rejected.map((a) => [a.action, a.detail.rejection])).toEqual([
      ["diagnosis", 1],
      ["questionnaire", 2],
      ["diagnosis", 3],
      ["diagnosis", 4],
      ["rollback", 5],
    ]);
    expect(rejected[0]).toMatchObject({
      error: expect.stringMatching(/^field 'cause' /),
      detail: { body: '{"part":"ml","cause":"weather"}', body_bytes: 31 },
    });
    expect(rejected[1].detail.body).toBe("{helped_identify: 4");
    expect(rejected[2].error).toMatch(/^field 'text' /);
    expect(rejected[2].detail).toMatchObject({
      body: long.slice(0, REJECTED_BODY_CHARS),
      body_bytes: long.length,
    });
    expect(rejected[3].detail.body_bytes).toBe(huge.length);
    expect(String(rejected[3].detail.body).length).toBe(REJECTED_BODY_CHARS);
    expect(rejected[4].error).toMatch(/^field '\(body\)' .*now/);
    expect(operator.rejectedInputs).toBe(5);
    // A refusal by the drill itself (not its format) is counted too.
    expect(
      (await call("POST", "/api/questionnaire", { helped_identify: 3, helped_rollback: 3, would_adopt: 3 }))
        .status,
    ).toBe(422);
    expect(operator.rejectedInputs).toBe(6);
    operator.stop();
    await run;
  });

  it("says what the rollback would do now, marks the participant's rollback done and wants a confirmation to undo it", async () => {
    const { call, operator, run, rollbacks, state } = await setUp();
    const bundle = async () => (await state()).rollback.find((r: { unit: string }) => r.unit === "bundle");
    expect(await bundle()).toMatchObject({
      kind: "alias",
      production: 2,
      target: 1,
      needs_confirm: false,
      label: "Roll back: move bundle's production alias from release 2 to release 1",
      done_label: null,
    });
    // No fault went in yet, so the drill goes on after the rollback.
    expect(await (await call("POST", "/api/rollback", { unit: "bundle" })).json()).toEqual({
      started: true,
      to: 1,
    });
    await vi.waitFor(() => expect(operator.phase).toBe("running"));
    const after = await bundle();
    expect(after).toMatchObject({
      production: 1,
      target: 2,
      done: { from: 2, to: 1 },
      needs_confirm: true,
      label:
        "Roll back again: move bundle's production alias from release 1 to release 2 (undoes your rollback)",
    });
    expect(after.done_label).toMatch(/^Rolled back to release 1 at 0:0\d$/);
    const unasked = await call("POST", "/api/rollback", { unit: "bundle" });
    expect(unasked.status).toBe(422);
    expect((await unasked.json()).error).toMatch(
      /^bundle was rolled back to release 1 at 0:0\d; rolling back again would return it to release 2, undoing that: confirm/,
    );
    expect(rollbacks).toEqual(["bundle"]);
    const again = await call("POST", "/api/rollback", { unit: "bundle", confirm: true });
    expect(await again.json()).toEqual({ started: true, to: 2 });
    await vi.waitFor(() => expect(operator.phase).toBe("running"));
    expect(rollbacks).toEqual(["bundle", "bundle"]);
    expect(await bundle()).toMatchObject({ production: 2, done: { from: 1, to: 2 }, needs_confirm: true });
    operator.stop();
    await run;
  });
});
