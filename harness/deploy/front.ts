/**
 * The load balancer a blue-green team puts in front of a unit: one stable address whose target
 * moves from the old instance to the new one in a single step. It routes per request (never per
 * connection), so a client's keep-alive connection follows the switch, and it counts the requests
 * in flight to each instance, so the old one is stopped only once it has answered all of its own.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Hop-by-hop headers belong to one connection, never forwarded (RFC 9110 7.6.1). */
const HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP.has(k.toLowerCase())));
}

export class UnitFront {
  private readonly inFlight = new Map<number, number>();
  private readonly drainWaiters = new Map<number, (() => void)[]>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  private constructor(
    private readonly server: http.Server,
    private target: number,
  ) {}

  /** Listens on 127.0.0.1:`port` (0: any free one) and forwards to the instance on `targetPort`. */
  static async start(port: number, targetPort: number): Promise<UnitFront> {
    let front: UnitFront | null = null;
    const server = http.createServer((req, res) => front?.forward(req, res));
    // As the units' own servers: a client's idle connection is never closed under it sooner than theirs.
    server.keepAliveTimeout = 65_000;
    front = new UnitFront(server, targetPort);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    return front;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The instance new requests go to. */
  get targetPort(): number {
    return this.target;
  }

  /** From now on every request goes to the instance on `port`; requests already sent finish where they are. */
  switchTo(port: number): void {
    this.target = port;
  }

  /** Resolves once no request forwarded to the instance on `port` is still waiting for its answer. */
  drained(port: number): Promise<void> {
    if (!this.inFlight.get(port)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.drainWaiters.get(port) ?? [];
      waiting.push(resolve);
      this.drainWaiters.set(port, waiting);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const port = this.target;
    this.inFlight.set(port, (this.inFlight.get(port) ?? 0) + 1);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const left = (this.inFlight.get(port) ?? 1) - 1;
      this.inFlight.set(port, left);
      if (left === 0) for (const wake of this.drainWaiters.get(port)?.splice(0) ?? []) wake();
    };
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port,
        method: req.method,
        path: req.url,
        headers: forwardable(req.headers),
        agent: this.agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
        answer.once("end", finish);
        answer.once("error", finish);
      },
    );
    upstream.once("error", (err) => {
      finish();
      if (res.headersSent) return void res.destroy(err);
      // What a load balancer answers when its target is gone: the caller sees a 502, never a hang.
      res.writeHead(502, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            code: "bad_gateway",
            message: `the instance on port ${port} did not answer: ${err.message}`,
          },
        }),
      );
    });
    res.once("close", finish);
    req.pipe(upstream);
  }
}
