import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classification } from "../../tasks/classification/task.ts";
import { fakeClock } from "../clock.ts";
import { createMetrics } from "../monitor/metrics.ts";
import { metricValue } from "../monitor/testing.ts";
import type { ReleaseRef } from "../protocol/index.ts";
import { openStore } from "../store/index.ts";
import type { Store } from "../store/store.ts";
import type { Prediction, TaskDefinition } from "../task.ts";
import { createLogger } from "./log.ts";
import { createService } from "./service.ts";
import {
  type CollectKind,
  type FlatRecord,
  guardPrediction,
  migrateServing,
  mountTaskApi,
} from "./task-api.ts";
import { listen, type UnitHandle } from "./unit.ts";

// The kit only knows the TaskDefinition shape; a real task exercises it end to end.
const task = classification as unknown as TaskDefinition;
const sunny = (confidence = 0.9): Prediction => ({
  label: "sun",
  confidence,
  value: null,
  limit: null,
  scores: { drizzle: 0.02, fog: 0.03, rain: 0.03, snow: 0.02, sun: confidence },
});

describe("guardPrediction", () => {
  it("passes a known label with a confidence in [0, 1]", () => {
    expect(guardPrediction(task, sunny(0.9))).toBeNull();
    expect(guardPrediction(task, sunny(0))).toBeNull();
    expect(guardPrediction(task, sunny(1))).toBeNull();
  });

  it("refuses a NaN confidence", () => {
    expect(guardPrediction(task, sunny(Number.NaN))).toBe("invalid-confidence");
  });

  it("refuses a confidence above one or below zero", () => {
    expect(guardPrediction(task, sunny(1.0001))).toBe("invalid-confidence");
    expect(guardPrediction(task, sunny(-0.1))).toBe("invalid-confidence");
    expect(guardPrediction(task, sunny(Number.POSITIVE_INFINITY))).toBe("invalid-confidence");
  });

  it("refuses a label the task does not know", () => {
    expect(guardPrediction(task, { ...sunny(0.9), label: "hail" })).toBe("invalid-label");
    expect(guardPrediction(task, { ...sunny(0.9), label: "" })).toBe("invalid-label");
  });
});

const validRequest = {
  location: "Seattle",
  date: "2012-06-01",
  precipitation: 0,
  temp_max: 25,
  temp_min: 12,
  wind: 3,
  venue: "pier-62",
};

describe("mountTaskApi", () => {
  const collected: { kind: CollectKind; record: FlatRecord }[] = [];
  const metrics = createMetrics({ system: "classification/test", unit: "logic" });
  let predict: () => Promise<{ prediction: Prediction; release: ReleaseRef }>;
  let store: Store;
  let handle: UnitHandle;
  let base: string;
  // The task as mounted: a test may switch a hook of it on and off.
  const mounted: TaskDefinition = { ...task };

  beforeAll(async () => {
    store = openStore(":memory:");
    await migrateServing(store);
    await task.logic.migrate(store);
    const clock = fakeClock(Date.parse("2024-03-01T12:00:00Z"));
    const logger = createLogger({ system: "classification/test", unit: "logic" }, clock, () => {});
    const service = createService({ metrics, logger, adminToken: "t" });
    mountTaskApi(service.app, {
      task: mounted,
      store,
      clock,
      metrics,
      logger,
      collector: { collect: (kind, record) => collected.push({ kind, record }) },
      predict: () => predict(),
    });
    handle = await listen(service.finish(), { port: 0 });
    base = `http://127.0.0.1:${handle.port}`;
  });

  afterAll(async () => {
    await handle.close();
    await store.close();
  });

  const post = (route: string, body: unknown) =>
    fetch(`${base}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const lastCollected = () => collected[collected.length - 1];

  it("answers a valid request with the business decision and collects it as a request", async () => {
    predict = async () => ({ prediction: sunny(0.9), release: { unit: "bundle", number: 3 } });
    const before = collected.length;
    const res = await post("/api/plan", validRequest);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      venue: "pier-62",
      date: "2012-06-01",
      weather: "sun",
      confidence: 0.9,
      decision: "go",
      release: "bundle#3",
      guard: null,
    });
    expect(body.id).toBeGreaterThan(0);
    expect(collected.length).toBe(before + 1);
    expect(lastCollected()).toEqual({
      kind: "request",
      record: {
        id: body.id,
        ts: "2024-03-01T12:00:00.000Z",
        release: "bundle#3",
        ...validRequest,
        predicted: "sun",
        confidence: 0.9,
        guard: null,
        synthetic: false,
      },
    });
    const row = await store.get<{ release: string; guard: string | null; output: string }>(
      "select release, guard, output from decisions where id = ?",
      [body.id],
    );
    expect(row?.release).toBe("bundle#3");
    expect(row?.guard).toBeNull();
    expect(JSON.parse(row?.output ?? "{}").decision).toBe("go");
  });

  it("answers a request the logic handles alone without calling the engine", async () => {
    let called = 0;
    predict = async () => {
      called++;
      return { prediction: sunny(0.9), release: { unit: "bundle", number: 3 } };
    };
    mounted.usesModel = () => false;
    try {
      const body = await (await post("/api/plan", validRequest)).json();
      expect(called).toBe(0);
      expect(body).toMatchObject({ release: "none", guard: null, decision: "hold" });
    } finally {
      delete mounted.usesModel;
    }
  });

  it("rejects a request that breaks a rule across fields with 422 and keeps it", async () => {
    mounted.checkRequest = () => [{ field: "venue", rule: "required", message: "field 'venue' needed here" }];
    try {
      const res = await post("/api/plan", validRequest);
      expect(res.status).toBe(422);
      expect((await res.json()).error).toMatchObject({ field: "venue", rule: "required" });
      expect(lastCollected()).toMatchObject({ kind: "quarantine", record: { fields: "venue" } });
    } finally {
      delete mounted.checkRequest;
    }
  });

  it("never crashes on a NaN prediction: it holds with guard invalid-confidence", async () => {
    predict = async () => ({ prediction: sunny(Number.NaN), release: { unit: "bundle", number: 4 } });
    const res = await post("/api/plan", validRequest);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      decision: "hold",
      guard: "invalid-confidence",
      weather: null,
      confidence: null,
      release: "bundle#4",
    });
    expect(lastCollected().kind).toBe("request");
    expect(lastCollected().record).toMatchObject({
      predicted: null,
      confidence: null,
      guard: "invalid-confidence",
    });
  });

  it("holds with guard invalid-label when the engine answers a label the task does not know", async () => {
    predict = async () => ({
      prediction: { ...sunny(0.8), label: "hail" },
      release: { unit: "b", number: 1 },
    });
    const body = await (await post("/api/plan", validRequest)).json();
    expect(body).toMatchObject({ decision: "hold", guard: "invalid-label", weather: null });
  });

  it("holds with guard unavailable when prediction throws", async () => {
    predict = async () => {
      throw new Error("bundle refused the connection");
    };
    const res = await post("/api/plan", validRequest);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ decision: "hold", guard: "unavailable", release: "none" });
    expect(lastCollected()).toMatchObject({
      kind: "request",
      record: { guard: "unavailable", release: "none" },
    });
  });

  it("counts guarded outputs and served predictions in the metrics", async () => {
    const text = await metrics.registry.metrics();
    expect(metricValue(text, "archdrill_output_guard_total", { reason: "invalid-confidence" })).toBe(1);
    expect(metricValue(text, "archdrill_output_guard_total", { reason: "unavailable" })).toBe(1);
    expect(metricValue(text, "archdrill_predictions_total", { label: "sun" })).toBe(1);
  });

  it("answers a contract-breaking request with 422 and quarantines it with its violations", async () => {
    predict = async () => ({ prediction: sunny(), release: { unit: "b", number: 1 } });
    const decisionsBefore = await store.get<{ n: number }>("select count(*) as n from decisions");
    const bad = { ...validRequest, temp_max: 71, humidity: 80 };
    const res = await post("/api/plan", bad);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "validation", field: "temp_max", rule: "max" });
    const q = lastCollected();
    expect(q.kind).toBe("quarantine");
    expect(q.record.route).toBe("/api/plan");
    expect(JSON.parse(String(q.record.body))).toEqual(bad);
    expect(q.record.fields).toBe("temp_max,humidity");
    const violations = JSON.parse(String(q.record.violations));
    expect(violations.map((v: { rule: string }) => v.rule)).toEqual(["max", "unknown"]);
    const decisionsAfter = await store.get<{ n: number }>("select count(*) as n from decisions");
    expect(decisionsAfter?.n).toBe(decisionsBefore?.n);
  });

  it("answers feedback on an unknown decision id with 404", async () => {
    const before = collected.length;
    const res = await post("/api/feedback", { id: 999_999, label: "rain" });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
    expect(collected.length).toBe(before);
  });

  it("answers feedback with a label the task does not know with 422", async () => {
    const res = await post("/api/feedback", { id: 1, label: "hail" });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ field: "label", rule: "category" });
  });

  it("answers feedback with a malformed id with 422 naming the field", async () => {
    const res = await post("/api/feedback", { id: "one", label: "rain" });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ field: "id" });
  });

  it("stores feedback on a real decision with 201 and collects it", async () => {
    predict = async () => ({ prediction: sunny(), release: { unit: "bundle", number: 7 } });
    const { id } = await (await post("/api/plan", validRequest)).json();
    const res = await post("/api/feedback", { id, label: "rain" });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id, label: "rain" });
    expect(lastCollected()).toEqual({
      kind: "feedback",
      record: {
        decision_id: id,
        label: "rain",
        correct: null,
        ts: "2024-03-01T12:00:00.000Z",
        release: "bundle#7",
        synthetic: false,
      },
    });
    const rows = await store.all("select decision_id, label from feedback where decision_id = ?", [id]);
    expect(rows).toEqual([{ decision_id: id, label: "rain" }]);
  });

  it("takes a user's yes or no instead of the true outcome, but not both and not neither", async () => {
    predict = async () => ({ prediction: sunny(), release: { unit: "bundle", number: 7 } });
    const { id } = await (await post("/api/plan", validRequest)).json();
    const yes = await post("/api/feedback", { id, correct: false });
    expect(yes.status).toBe(201);
    expect(await yes.json()).toEqual({ id, correct: false });
    expect(lastCollected()).toMatchObject({ kind: "feedback", record: { label: null, correct: 0 } });
    for (const body of [{ id }, { id, label: "rain", correct: true }]) {
      const res = await post("/api/feedback", body);
      expect(res.status).toBe(422);
      expect((await res.json()).error.violations[0]).toMatchObject({ field: "label" });
    }
  });

  it("serves an OpenAPI 3.1 document whose request schema is the strict contract", async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const plan = doc.paths["/api/plan"].post;
    // One body per contract version, chosen by the x-contract-version header.
    expect(plan.parameters[0]).toMatchObject({
      name: "x-contract-version",
      in: "header",
      schema: { enum: ["v1", "v2"] },
    });
    const [schema, v2] = plan.requestBody.content["application/json"].schema.oneOf;
    expect(Object.keys(v2.properties)).toEqual(expect.arrayContaining(["wind_speed", "temp_mean"]));
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(task.contract.fields).sort());
    expect([...schema.required].sort()).toEqual(
      ["location", "date", "precipitation", "temp_max", "temp_min", "wind"].sort(),
    );
    expect(schema.properties.temp_max).toMatchObject({ maximum: 50, minimum: -40 });
    expect(
      doc.paths["/api/feedback"].post.requestBody.content["application/json"].schema.properties.label.enum,
    ).toEqual([...task.classes]);
  });
});

describe("mountTaskApi with the harness's synthetic traffic", () => {
  const seen: string[] = [];
  const collected: FlatRecord[] = [];
  let engine = async () => sunny(0.9);
  let handle: UnitHandle;
  let base: string;

  beforeAll(async () => {
    const store = openStore(":memory:");
    await migrateServing(store);
    await task.logic.migrate(store);
    const clock = fakeClock(Date.parse("2024-03-01T12:00:00Z"));
    const metrics = createMetrics({ system: "classification/test", unit: "logic" });
    const logger = createLogger({ system: "classification/test", unit: "logic" }, clock, () => {});
    const service = createService({ metrics, logger, adminToken: "t" });
    mountTaskApi(service.app, {
      task,
      store,
      clock,
      metrics,
      logger,
      collector: { collect: (_kind, record) => collected.push(record) },
      predict: async () => ({ prediction: await engine(), release: { unit: "bundle", number: 1 } }),
      onRejected: () => seen.push("rejected"),
      onAccepted: () => seen.push("accepted"),
      onModelInput: () => seen.push("model input"),
      onPrediction: () => seen.push("prediction"),
      onGuard: (g) => seen.push(`guard ${g}`),
      onAudit: () => seen.push("audit"),
    });
    handle = await listen(service.finish(), { port: 0 });
    base = `http://127.0.0.1:${handle.port}`;
  });
  afterAll(() => handle.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/plan`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("answers a synthetic request like any other but keeps it out of every monitor, and marks what it collects", async () => {
    const res = await post(validRequest, { "x-synthetic": "1" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ decision: "go", release: "bundle#1" });
    const bad = await post({ ...validRequest, temp_max: "hot" }, { "x-synthetic": "1" });
    expect(bad.status).toBe(422);
    expect(seen).toEqual([]);
    expect(collected.map((r) => r.synthetic)).toEqual([true, true]);
  });

  it("watches a user's request at every boundary it crosses", async () => {
    await post(validRequest);
    await post({ ...validRequest, temp_max: "hot" });
    expect(seen).toEqual(["accepted", "model input", "prediction", "guard null", "audit", "rejected"]);
    expect(collected.slice(-2).map((r) => r.synthetic)).toEqual([false, false]);
  });

  it("tells the output hook why the guard refused an output, or that none came", async () => {
    seen.length = 0;
    engine = async () => sunny(Number.NaN);
    await post(validRequest);
    engine = async () => {
      throw new Error("engine down");
    };
    await post(validRequest);
    engine = async () => sunny(0.9);
    expect(seen.filter((s) => s.startsWith("guard"))).toEqual([
      "guard invalid-confidence",
      "guard unavailable",
    ]);
  });
});
