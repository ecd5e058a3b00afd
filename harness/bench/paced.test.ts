import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latencies, pacedLoad } from "./paced.ts";

/** Answers after `delay(n)` ms for the n-th request (0-based); 500 for a body that says so. */
function server(delay: (n: number) => number) {
  let n = 0;
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const fail = Buffer.concat(chunks).toString().includes("fail");
      setTimeout(() => {
        res.statusCode = fail ? 500 : 200;
        res.end("{}");
      }, delay(n++));
    });
  });
}

async function listening(s: http.Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
}

describe("pacedLoad", () => {
  // The 5th request stalls 300 ms; the server answers the others at once.
  const stalling = server((n) => (n === 4 ? 300 : 0));
  let url = "";
  beforeAll(async () => {
    url = await listening(stalling);
  });
  afterAll(() => stalling.close());

  it("offers the stated number of requests at the stated pace, whatever the answers take", async () => {
    const r = await pacedLoad({ url, bodies: ["{}"] }, { rate: 50, durationS: 1, keepSamples: true });
    expect(r.sent).toBe(50);
    expect(r.ok).toBe(50);
    const sends = (r.samples ?? []).map((s) => s.sent);
    // The stall did not hold later sends back: the last one went out about a second after the first.
    expect(Math.max(...sends)).toBeLessThan(1000);
    expect(Math.max(...sends)).toBeGreaterThan(900);
  });

  it("counts a stall in every request that was due during it, not only the one that met it", async () => {
    // The first request blocks the event loop for 300 ms (a GC pause, a sync call): nothing moves,
    // the client's sends included, as on a machine whose cores are busy.
    let blocked = 0;
    const blocking = http.createServer((_req, res) => {
      if (blocked++ === 0) {
        const until = performance.now() + 300;
        while (performance.now() < until);
      }
      res.end("{}");
    });
    const target = await listening(blocking);
    try {
      const r = await pacedLoad(
        { url: target, bodies: ["{}"] },
        { rate: 100, durationS: 1, keepSamples: true },
      );
      // About 30 requests fell due in the 300 ms; each waited from its due time, which a closed-loop
      // client (that sends the next only after an answer) would have recorded as one slow request.
      const waited = (r.samples ?? []).filter((s) => s.done - s.due >= 100);
      expect(waited.length).toBeGreaterThanOrEqual(15);
      expect(r.latencyMs.p90).toBeGreaterThan(r.serviceMs.p90);
      expect(r.sendLateMs.max).toBeGreaterThan(200);
    } finally {
      blocking.close();
    }
  });

  it("tells answers that are not 2xx from requests that got no answer", async () => {
    const r = await pacedLoad({ url, bodies: ['{"fail":1}', "{}"] }, { rate: 40, durationS: 0.5 });
    expect(r.non2xx).toBe(10);
    expect(r.ok).toBe(10);
    expect(r.errors).toBe(0);
    const gone = await pacedLoad(
      { url: "http://127.0.0.1:9/", bodies: ["{}"] },
      { rate: 20, durationS: 0.25 },
    );
    expect(gone.errors).toBe(5);
    expect(Number.isNaN(gone.latencyMs.p50)).toBe(true);
  });

  it("takes quantiles of the values it is given", () => {
    const l = latencies(Array.from({ length: 101 }, (_, i) => 100 - i));
    expect(l).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
  });
});
