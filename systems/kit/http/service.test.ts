import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import { createMetrics } from "../monitor/metrics.ts";
import { metricValue } from "../monitor/testing.ts";
import { ValidationFailed } from "./errors.ts";
import { createLogger } from "./log.ts";
import { createService, type ServiceOptions } from "./service.ts";
import { listen, type UnitHandle } from "./unit.ts";

const TOKEN = "s3cret-admin-token";
const SECRET = "db password is hunter2";

function options(extra: Partial<ServiceOptions> = {}): ServiceOptions & { lines: string[] } {
  const lines: string[] = [];
  return {
    metrics: createMetrics({ system: "test/service", unit: "app" }),
    logger: createLogger({ system: "test/service", unit: "app" }, fakeClock(0), (l) => lines.push(l)),
    adminToken: TOKEN,
    bodyLimit: "1kb",
    lines,
    ...extra,
  };
}

async function start(opts: ServiceOptions): Promise<{ handle: UnitHandle; base: string }> {
  const svc = createService(opts);
  svc.app.post("/echo", (req, res) => res.json({ got: req.body }));
  svc.app.get("/invalid", () => {
    throw new ValidationFailed([
      { field: "temp_max", rule: "max", message: "field 'temp_max' must be at most 50 (got 71)" },
    ]);
  });
  svc.app.get("/boom", () => {
    throw new Error(SECRET);
  });
  svc.admin.post("/rollback", (_req, res) => res.json({ rolledBack: true }));
  svc.finish();
  const handle = await listen(svc.app, { port: 0 });
  return { handle, base: `http://127.0.0.1:${handle.port}` };
}

function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

describe("createService", () => {
  const opts = options();
  let handle: UnitHandle;
  let base: string;

  beforeAll(async () => {
    ({ handle, base } = await start(opts));
  });
  afterAll(async () => {
    await handle.close();
  });

  it("binds 127.0.0.1 on the port the system chose", () => {
    const address = handle.server.address();
    expect(typeof address === "object" && address?.address).toBe("127.0.0.1");
    expect(handle.port).toBeGreaterThan(0);
  });

  it("answers /health with ok", async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers /ready with 200 when no readiness check is given", async () => {
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true });
  });

  it("passes a JSON body through to the route", async () => {
    const res = await postJson(`${base}/echo`, JSON.stringify({ a: 1 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { a: 1 } });
  });

  it("answers malformed JSON with 400 naming the body as the field", async () => {
    const res = await postJson(`${base}/echo`, '{"a": 1,');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "bad_json", field: "(body)", rule: "object" });
  });

  it("answers a body over the limit with 413", async () => {
    const res = await postJson(`${base}/echo`, JSON.stringify({ pad: "x".repeat(4000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("too_large");
  });

  it("answers an unknown route with a JSON 404", async () => {
    const res = await fetch(`${base}/nowhere`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = await res.json();
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("/nowhere");
  });

  it("answers a ValidationFailed with 422 naming the field and the rule", async () => {
    const res = await fetch(`${base}/invalid`);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "validation", field: "temp_max", rule: "max" });
    expect(body.error.violations).toHaveLength(1);
    expect(body.error.message).toContain("at most 50");
  });

  it("answers a plain Error with 500 without leaking its message, and logs it", async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "internal error" } });
    const logged = opts.lines.map((l) => JSON.parse(l));
    expect(logged.some((l) => l.level === "error" && l.path === "/boom" && l.error.includes(SECRET))).toBe(
      true,
    );
  });

  it("refuses admin routes without a token with 401", async () => {
    const res = await postJson(`${base}/admin/rollback`, "{}");
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  it("refuses admin routes with a wrong token with 401", async () => {
    for (const auth of [`Bearer ${TOKEN}x`, "Bearer wrong", TOKEN, `Basic ${TOKEN}`]) {
      const res = await postJson(`${base}/admin/rollback`, "{}", { authorization: auth });
      expect(res.status, auth).toBe(401);
    }
  });

  it("lets admin routes through with the bearer token", async () => {
    const res = await postJson(`${base}/admin/rollback`, "{}", { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rolledBack: true });
  });

  it("counts requests in /metrics by route, method and status", async () => {
    await fetch(`${base}/health`);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toContain("archdrill_http_requests_total");
    const count = (route: string, method: string, status: string) =>
      metricValue(text, "archdrill_http_requests_total", { route, method, status, system: "test/service" });
    expect(count("/health", "GET", "200")).toBe(2);
    expect(count("/invalid", "GET", "422")).toBe(1);
    expect(count("/boom", "GET", "500")).toBe(1);
    expect(count("/admin/rollback", "POST", "200")).toBe(1);
    expect(count("unmatched", "GET", "404")).toBe(1);
    expect(count("unmatched", "POST", "401")).toBe(5);
    const timed = (route: string, status: string) =>
      metricValue(text, "archdrill_http_request_duration_seconds_count", { route, method: "GET", status });
    expect(timed("/health", "200")).toBe(2);
    expect(timed("/boom", "500")).toBe(1);
  });
});

describe("createService readiness", () => {
  it("answers /ready with 503 while the readiness check says no, and 200 once it says yes", async () => {
    let loaded = false;
    const { handle, base } = await start(options({ ready: () => loaded }));
    try {
      const before = await fetch(`${base}/ready`);
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({ ready: false });
      loaded = true;
      const after = await fetch(`${base}/ready`);
      expect(after.status).toBe(200);
      expect(await after.json()).toEqual({ ready: true });
    } finally {
      await handle.close();
    }
  });

  it("refuses every admin request when the admin token is empty", async () => {
    const { handle, base } = await start(options({ adminToken: "" }));
    try {
      const res = await postJson(`${base}/admin/rollback`, "{}", { authorization: "Bearer " });
      expect(res.status).toBe(401);
    } finally {
      await handle.close();
    }
  });
});
