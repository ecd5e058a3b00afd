import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import { setInferenceFault } from "../faults/inference.ts";
import { createMetrics } from "../monitor/metrics.ts";
import { createLogger } from "./log.ts";
import { createService } from "./service.ts";
import { listen, type UnitHandle } from "./unit.ts";

const TOKEN = "s3cret-admin-token";
let handle: UnitHandle;
let base: string;

beforeAll(async () => {
  const labels = { system: "test/inference-fault", unit: "bundle" };
  const svc = createService({
    metrics: createMetrics(labels),
    logger: createLogger(labels, fakeClock(0), () => undefined),
    adminToken: TOKEN,
  });
  handle = await listen(svc.finish(), { port: 0 });
  base = `http://127.0.0.1:${handle.port}/admin/faults/inference`;
});
afterAll(async () => {
  setInferenceFault({ processing: null, engine: null });
  await handle.close();
});

const call = (method: string, body?: unknown, token = TOKEN) =>
  fetch(base, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("the inference fault admin route of every service", () => {
  it("refuses a caller without the admin token", async () => {
    expect((await call("PUT", { engine: null }, "wrong")).status).toBe(401);
  });

  it("refuses a bad body with a 422 naming the field", async () => {
    const bad = await call("PUT", { engine: { mode: "sideways", rate: 1, seed: 1 } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/field 'engine\.mode'/);
    const rate = await call("PUT", { processing: { shift: 1, stretch: 1, drop: 2, seed: 1 } });
    expect(rate.status).toBe(422);
    expect((await rate.json()).error.message).toMatch(/field 'processing\.drop'/);
    const unknown = await call("PUT", { network: { delayMs: 1 } });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.message).toMatch(/network/);
  });

  it("sets the stages a body names, reports them, and clears them all on DELETE", async () => {
    const engine = { mode: "nan", rate: 0.5, seed: 3 };
    const set = await call("PUT", { engine });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ processing: null, engine });
    expect(await (await call("GET")).json()).toEqual({ processing: null, engine });
    expect(await (await call("DELETE")).json()).toEqual({ processing: null, engine: null });
  });
});
