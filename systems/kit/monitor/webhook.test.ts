import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebhookConnection } from "./webhook.ts";

const epoch = () => performance.timeOrigin + performance.now();
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function server(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  closers.push(
    () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe("the alert webhook's connection", () => {
  it("puts a post on the wire before the code that made it has finished running", async () => {
    // The receiver runs in another process and notes when each post arrives (epoch ms).
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const http = require("node:http");
         const s = http.createServer((req, res) => {
           const at = performance.timeOrigin + performance.now();
           req.resume();
           req.on("end", () => { process.stdout.write(String(at) + "\\n"); res.writeHead(202).end(); });
         });
         s.listen(0, "127.0.0.1", () => process.stdout.write("port " + s.address().port + "\\n"));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    closers.push(() => child.kill());
    const lines: string[] = [];
    const next = () =>
      new Promise<string>((resolve) => {
        const poll = () => (lines.length ? resolve(lines.shift() ?? "") : setTimeout(poll, 5));
        poll();
      });
    child.stdout.setEncoding("utf8").on("data", (d: string) => lines.push(...d.trim().split("\n")));
    const port = (await next()).split(" ")[1];
    const conn = new WebhookConnection(`http://127.0.0.1:${port}/webhook`);
    closers.push(() => conn.close());
    expect(await conn.post("{}")).toBe(202);
    await next();
    const sent = epoch();
    const replied = conn.post('{"alerts":[]}');
    // The rest of the request that fired the alert: 200 ms of work before the event loop is free.
    while (epoch() - sent < 200);
    expect(await replied).toBe(202);
    const arrived = Number(await next());
    expect(arrived - sent).toBeLessThan(100);
  });

  it("settles pipelined posts in order with each reply's status, sized or chunked", async () => {
    const url = await server((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.url === "/chunked") {
          res.writeHead(200, { "content-type": "text/plain" });
          res.write("a");
          res.end("bc");
        } else res.writeHead(req.url === "/bad" ? 500 : 202, { "content-length": "2" }).end("ok");
      });
    });
    const good = new WebhookConnection(`${url}/hook`);
    const chunked = new WebhookConnection(`${url}/chunked`);
    const bad = new WebhookConnection(`${url}/bad`);
    closers.push(
      () => good.close(),
      () => chunked.close(),
      () => bad.close(),
    );
    expect(await Promise.all([good.post("{}"), good.post("{}"), good.post("{}")])).toEqual([202, 202, 202]);
    expect(await Promise.all([chunked.post("{}"), chunked.post("{}")])).toEqual([200, 200]);
    expect(await bad.post("{}")).toBe(500);
  });

  it("gives null for a post whose connection was lost, and reconnects for the next one", async () => {
    let n = 0;
    const url = await server((req, res) => {
      n++;
      if (n === 1) return void req.socket.destroy();
      req.resume();
      req.on("end", () => res.writeHead(202, { "content-length": "0" }).end());
    });
    const conn = new WebhookConnection(`${url}/hook`);
    closers.push(() => conn.close());
    expect(await conn.post("{}")).toBeNull();
    expect(await conn.post("{}")).toBe(202);
  });

  it("gives null when nothing listens", async () => {
    const conn = new WebhookConnection("http://127.0.0.1:9/none", 1000);
    closers.push(() => conn.close());
    expect(await conn.post("{}")).toBeNull();
  });
});
