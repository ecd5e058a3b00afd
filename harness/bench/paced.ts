/**
 * An open-loop client that offers requests at an even pace, as users arriving independently would:
 * request i is due at start + i / rate whatever the earlier ones are doing (a slow answer never
 * delays the next send, so a stall is not hidden: coordinated omission). Its own sockets (no
 * limit), so waiting for a socket is never counted as the server's time.
 */
import http from "node:http";
import { quantileSorted } from "simple-statistics";

export interface PacedTarget {
  url: string;
  /** Request bodies, sent in turn (JSON text). */
  bodies: string[];
  headers?: Record<string, string>;
}

export interface Latencies {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface PacedResult {
  offeredRps: number;
  durationS: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Answers per second over the time from the first send to the last answer. */
  achievedRps: number;
  /** From the moment each request was due: what a user waits, the client's lateness included. */
  latencyMs: Latencies;
  /** From the moment each request was actually written: the system's time alone. */
  serviceMs: Latencies;
  /** How late the client sent (actual minus due); a large p99 says the client, not the system, lagged. */
  sendLateMs: Latencies;
  /** Every answer: due time (ms after start), send time, done time, status (0: no answer). */
  samples?: { due: number; sent: number; done: number; status: number }[];
}

export interface PacedOptions {
  rate: number;
  durationS: number;
  timeoutMs?: number;
  /** Keep every sample (for a rollback window). */
  keepSamples?: boolean;
}

export function latencies(values: number[]): Latencies {
  if (values.length === 0) return { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((x, y) => x - y);
  const q = (p: number) => quantileSorted(sorted, p);
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted[sorted.length - 1] };
}

function send(
  agent: http.Agent,
  target: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        agent,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** Offers `rate` requests per second for `durationS` seconds and waits for every answer. */
export async function pacedLoad(target: PacedTarget, o: PacedOptions): Promise<PacedResult> {
  if (!(o.rate > 0) || !(o.durationS > 0)) throw new RangeError("rate and duration must be positive");
  if (target.bodies.length === 0) throw new RangeError("no request bodies to send");
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const url = new URL(target.url);
  const total = Math.max(1, Math.round(o.rate * o.durationS));
  const interval = 1000 / o.rate;
  const samples: { due: number; sent: number; done: number; status: number }[] = [];
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  await new Promise<void>((finished) => {
    const tick = () => {
      const now = performance.now() - start;
      // Every request due by now goes out at once: a late timer catches up instead of skipping.
      while (next < total && next * interval <= now) {
        const due = next * interval;
        const body = target.bodies[next % target.bodies.length];
        const sent = performance.now() - start;
        inflight.push(
          send(agent, url, body, target.headers ?? {}, o.timeoutMs ?? 10_000).then((status) => {
            samples.push({ due, sent, done: performance.now() - start, status });
          }),
        );
        next++;
      }
      if (next >= total) return finished();
      setTimeout(tick, Math.max(0, next * interval - (performance.now() - start)));
    };
    tick();
  });
  await Promise.all(inflight);
  agent.destroy();
  const answered = samples.filter((s) => s.status > 0);
  const ok = answered.filter((s) => s.status >= 200 && s.status < 300).length;
  const end = Math.max(...samples.map((s) => s.done));
  return {
    offeredRps: o.rate,
    durationS: o.durationS,
    sent: samples.length,
    ok,
    non2xx: answered.length - ok,
    errors: samples.length - answered.length,
    achievedRps: end > 0 ? (answered.length / end) * 1000 : 0,
    latencyMs: latencies(answered.map((s) => s.done - s.due)),
    serviceMs: latencies(answered.map((s) => s.done - s.sent)),
    sendLateMs: latencies(samples.map((s) => s.sent - s.due)),
    ...(o.keepSamples ? { samples: samples.sort((a, b) => a.due - b.due) } : {}),
  };
}
