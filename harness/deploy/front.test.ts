import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { UnitFront } from "./front.ts";

/** A stand-in instance: answers its name, after `delayMs` when the path is /slow. */
async function instance(name: string, delayMs = 0) {
  const server = http.createServer((req, res) => {
    const reply = () => res.end(JSON.stringify({ name, path: req.url }));
    if (req.url === "/slow") setTimeout(reply, delayMs);
    else reply();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/** One GET through a single keep-alive connection, as a client that reuses its socket would send it. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = "";
        res.on("data", (c) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("the blue-green load balancer", () => {
  it("sends every request after a switch to the new instance, even on a connection opened before it", async () => {
    const blue = await instance("blue");
    const green = await instance("green");
    const front = await UnitFront.start(0, blue.port);
    closers.push(blue.close, green.close, () => front.close());
    expect(JSON.parse((await get(`${front.url}/a`)).body)).toEqual({ name: "blue", path: "/a" });
    front.switchTo(green.port);
    expect(JSON.parse((await get(`${front.url}/b`)).body)).toEqual({ name: "green", path: "/b" });
  });

  it("reports the old instance drained only once the request it was answering is done", async () => {
    const blue = await instance("blue", 150);
    const green = await instance("green");
    const front = await UnitFront.start(0, blue.port);
    closers.push(blue.close, green.close, () => front.close());
    const slow = get(`${front.url}/slow`);
    await new Promise((r) => setTimeout(r, 30));
    front.switchTo(green.port);
    let drainedFirst = false;
    const drained = front.drained(blue.port).then(() => {
      drainedFirst = true;
    });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) =>
      http
        .get(`${front.url}/slow`, (res) => {
          let body = "";
          res.on("data", (c) => {
            body += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on("error", reject),
    );
    expect(JSON.parse(answer.body).name).toBe("green");
    expect(drainedFirst).toBe(false);
    expect(JSON.parse((await slow).body).name).toBe("blue");
    await drained;
    expect(drainedFirst).toBe(true);
  });

  it("answers 502 naming the instance when the one it routes to is gone", async () => {
    const blue = await instance("blue");
    const front = await UnitFront.start(0, blue.port);
    closers.push(() => front.close());
    await blue.close();
    const res = await get(`${front.url}/x`);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).error.message).toContain(`port ${blue.port}`);
  });
});
