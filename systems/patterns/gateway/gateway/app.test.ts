import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestJson } from "../../../kit/http/client.ts";
import { unitContext } from "../../../kit/http/context.ts";
import { createService } from "../../../kit/http/service.ts";
import { listen, type UnitHandle } from "../../../kit/http/unit.ts";
import { createGateway } from "./app.ts";

const TOKEN = "gateway-test-token";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-gateway-"));
const handles: UnitHandle[] = [];
const ctx = (unit: string) =>
  unitContext({ system: "test/gateway", unit, alertDir: dir, alertWebhook: null, observability: "app" });

/** An upstream that says who it is and echoes what it got, so routing and forwarding can be seen. */
async function upstream(name: string): Promise<string> {
  const c = ctx(name);
  const svc = createService({ metrics: c.metrics, logger: c.logger, adminToken: TOKEN });
  svc.app.all("{/*path}", (req, res) =>
    res.status(req.query.status ? Number(req.query.status) : 200).json({
      by: name,
      method: req.method,
      url: req.originalUrl,
      body: req.body ?? null,
      synthetic: req.headers["x-synthetic"] ?? null,
    }),
  );
  const h = await listen(svc.finish(), { port: 0 });
  handles.push(h);
  return `http://127.0.0.1:${h.port}`;
}

let base = "";
let gatewayCtx: ReturnType<typeof ctx>;

beforeAll(async () => {
  gatewayCtx = ctx("gateway");
  const gw = await createGateway({
    ctx: gatewayCtx,
    adminToken: TOKEN,
    logicUrl: await upstream("logic"),
    inferenceUrl: await upstream("inference"),
  });
  const h = await listen(gw.app, { port: 0 });
  handles.push(h);
  base = `http://127.0.0.1:${h.port}`;
});

afterAll(async () => {
  for (const h of handles) await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the gateway", () => {
  it("routes /infer/* to the inference service without the prefix, and everything else to the logic", async () => {
    const inferred = await requestJson(`${base}/infer/predict?x=1`, { body: { record: { a: 1 } } });
    expect(inferred.body).toMatchObject({
      by: "inference",
      method: "POST",
      url: "/predict?x=1",
      body: { record: { a: 1 } },
    });
    const page = await requestJson(`${base}/`);
    expect(page.body).toMatchObject({ by: "logic", url: "/" });
    const api = await requestJson(`${base}/api/plan`, {
      body: { date: "2014-01-01" },
      headers: { "x-synthetic": "1" },
    });
    expect(api.body).toMatchObject({
      by: "logic",
      url: "/api/plan",
      body: { date: "2014-01-01" },
      synthetic: "1",
    });
  });

  it("keeps its own health, metrics and admin, and passes the upstream's error answers through", async () => {
    expect((await requestJson(`${base}/health`)).body).toEqual({ status: "ok" });
    const routes = await requestJson(`${base}/admin/routes`, { token: TOKEN });
    expect(routes.body).toMatchObject({ routes: [{ name: "inference" }, { name: "logic" }] });
    expect((await requestJson(`${base}/admin/routes`)).status).toBe(401);
    expect((await requestJson(`${base}/api/plan?status=422`, { body: {} })).status).toBe(422);
    const metrics = await gatewayCtx.metrics.registry.metrics();
    expect(metrics).toMatch(
      /archdrill_http_requests_total\{route="route:inference",method="POST",status="200"/,
    );
  });

  it("answers 502 naming the route when its upstream is unreachable", async () => {
    const gw = await createGateway({
      ctx: ctx("gateway-down"),
      adminToken: TOKEN,
      logicUrl: "http://127.0.0.1:9",
      inferenceUrl: "http://127.0.0.1:9",
    });
    const h = await listen(gw.app, { port: 0 });
    handles.push(h);
    const r = await requestJson(`http://127.0.0.1:${h.port}/api/plan`, { body: { a: 1 } });
    expect(r.status).toBe(502);
    expect(r.body).toMatchObject({ error: "bad_gateway", message: expect.stringMatching(/route 'logic'/) });
  });
});
