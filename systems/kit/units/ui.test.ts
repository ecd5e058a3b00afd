import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classification } from "../../tasks/classification/task.ts";
import { requestJson } from "../http/client.ts";
import { unitContext } from "../http/context.ts";
import { listen, type UnitHandle } from "../http/unit.ts";
import { REQUEST_HEADERS } from "../protocol/index.ts";
import { Registry } from "../registry/index.ts";
import type { TaskDefinition } from "../task.ts";
import { createUiUnit } from "./ui.ts";

const TOKEN = "ui-test-token";
// The kit only knows the TaskDefinition shape; a real task's page is what the unit serves.
const task = classification as unknown as TaskDefinition;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-ui-"));
const handles: UnitHandle[] = [];
const seen: { method: string; url: string; body: string; synthetic: string | null }[] = [];
let logic: http.Server;
let base = "";

/** A logic stand-in that records what reached it and answers 201 with what it got. */
function fakeLogic(): Promise<string> {
  logic = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const got = {
        method: req.method ?? "",
        url: req.url ?? "",
        body,
        synthetic: (req.headers[REQUEST_HEADERS.synthetic] as string | undefined) ?? null,
      };
      seen.push(got);
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ by: "logic", ...got }));
    });
  });
  return new Promise((resolve) =>
    logic.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(logic.address() as AddressInfo).port}`)),
  );
}

async function startUi(logicUrl: string, name: string): Promise<string> {
  const ctx = unitContext({
    system: "test/proposed",
    unit: "ui",
    alertDir: dir,
    alertWebhook: null,
    observability: "distributed",
  });
  const registry = Registry.open(path.join(dir, `${name}.sqlite`));
  const unit = await createUiUnit({ ctx, task, adminToken: TOKEN, logicUrl, registry });
  const h = await listen(unit.app, { port: 0, onClose: unit.close });
  handles.push(h);
  return `http://127.0.0.1:${h.port}`;
}

/** An address nothing listens on: a port taken from the OS and given back. */
async function closedAddress(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  base = await startUi(await fakeLogic(), "registry");
});

afterAll(async () => {
  for (const h of handles) await h.close();
  await new Promise((r) => logic.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the ui unit", () => {
  it("serves the task's page and the kit's styles itself, without asking the logic", async () => {
    const before = seen.length;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(fs.readFileSync(path.join(task.uiDir, "index.html"), "utf8"));
    const css = await fetch(`${base}/kit/base.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(seen.length).toBe(before);
  });

  it("forwards an API POST to the logic with its path, query, body and headers, and returns the logic's status", async () => {
    const res = await requestJson(`${base}${task.route}?x=1`, {
      body: { date: "2014-01-01", temp_max: 12 },
      headers: { [REQUEST_HEADERS.synthetic]: "1" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ by: "logic", method: "POST", url: `${task.route}?x=1`, synthetic: "1" });
    expect(JSON.parse((res.body as { body: string }).body)).toEqual({ date: "2014-01-01", temp_max: 12 });
  });

  it("forwards the OpenAPI document's route, and nothing outside the page's API", async () => {
    expect((await requestJson(`${base}/openapi.json`)).body).toMatchObject({ by: "logic", method: "GET" });
    const before = seen.length;
    const other = await requestJson(`${base}/predict`, { body: { record: {} } });
    expect(other.status).toBe(404);
    expect(seen.length).toBe(before);
  });

  it("answers a 502 naming the route when the logic is unreachable", async () => {
    const orphan = await startUi(await closedAddress(), "orphan");
    const res = await requestJson(`${orphan}${task.route}`, { body: { date: "2014-01-01" } });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: "bad_gateway" });
    expect((res.body as { message: string }).message).toContain("route 'logic'");
    // The page itself stays up: it does not depend on the logic.
    expect((await fetch(`${orphan}/`)).status).toBe(200);
  });

  it("answers the admin routes every unit has as the collector does: no releases of its own, no feedback, no store", async () => {
    const admin = (route: string, method = "GET") =>
      requestJson(`${base}/admin${route}`, { method, token: TOKEN });
    expect((await admin("/releases")).body).toEqual({ unit: "ui", releases: [], aliases: [], moves: [] });
    expect((await admin("/heads")).body).toEqual({ heads: [] });
    expect((await admin("/faults/inference")).status).toBe(200);
    expect((await admin("/feedback")).status).toBe(404);
    expect((await admin("/faults/store", "DELETE")).status).toBe(404);
    expect((await requestJson(`${base}/admin/releases`)).status).toBe(401);
  });
});
