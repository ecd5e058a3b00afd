/**
 * The alert webhook's receiving end, in a thread of its own: it notes when each post has fully
 * arrived (epoch ms, the units' scale) on an event loop that does nothing else, then hands the body
 * to the harness's thread, which validates it, journals it and answers. So an alert's delivery time
 * (fired -> received) is the transport's, not how busy the harness was with traffic or with the
 * operator's work when it came; when the operator got to it is journaled apart. The body reaches
 * the harness by message, so no client can forge a receipt time.
 */
import { Worker } from "node:worker_threads";

/** A post as the receiving thread took it in. */
export interface Post {
  /** Epoch ms (performance.timeOrigin + performance.now() of the receiving thread) the body was complete. */
  receivedAt: number;
  contentType: string;
  /** null when the body was over the limit (it is not kept: a 413). */
  body: string | null;
}

export interface Reply {
  status: number;
  body: unknown;
}

// Plain JavaScript: the thread starts without the TypeScript loader, and does only this.
const THREAD = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const waiting = new Map();
let next = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on("data", (c) => {
    size += c.length;
    if (size <= workerData.limit) chunks.push(c);
  });
  req.on("end", () => {
    const receivedAt = performance.timeOrigin + performance.now();
    if (req.method !== "POST" || req.url !== "/webhook") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "route " + req.method + " " + req.url + " (the webhook is POST /webhook)" } }));
      return;
    }
    const id = next++;
    waiting.set(id, res);
    parentPort.postMessage({
      id,
      post: {
        receivedAt,
        contentType: String(req.headers["content-type"] || ""),
        body: size <= workerData.limit ? Buffer.concat(chunks).toString("utf8") : null,
      },
    });
  });
});
server.keepAliveTimeout = 65000;
parentPort.on("message", (m) => {
  if (m.close) {
    server.closeAllConnections();
    server.close(() => parentPort.close());
    return;
  }
  const res = waiting.get(m.id);
  waiting.delete(m.id);
  if (res) res.writeHead(m.status, { "content-type": "application/json" }).end(m.body);
});
server.listen(workerData.port, "127.0.0.1", () => parentPort.postMessage({ listening: server.address().port }));
`;

export class AlertReceiver {
  private constructor(
    private readonly worker: Worker,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhook`;
  }

  /** Listens on 127.0.0.1:`port` (0: any free one); `handle` answers each post (on this thread). */
  static async start(handle: (post: Post) => Reply, opts: { port?: number; limit?: number } = {}) {
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { port: opts.port ?? 0, limit: opts.limit ?? 256 * 1024 },
    });
    const port = await new Promise<number>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("message", (m: { listening: number }) => resolve(m.listening));
    });
    worker.on("message", (m: { id: number; post: Post }) => {
      const reply = handle(m.post);
      worker.postMessage({ id: m.id, status: reply.status, body: JSON.stringify(reply.body) });
    });
    worker.unref();
    return new AlertReceiver(worker, port);
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.postMessage({ close: true });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    await this.worker.terminate();
  }
}
