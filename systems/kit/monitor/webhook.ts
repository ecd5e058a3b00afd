/**
 * The alert webhook's transport: one persistent HTTP/1.1 connection, each post written with
 * `socket.write`, which libuv tries at once. A post leaves when the monitor fires, not once the
 * request that made it fire has been answered (an `http.request` attaches its socket on the next
 * tick, after everything the request handler still has to do). Replies come back in order
 * (HTTP/1.1 pipelining) and settle the posts one by one; a connection that closes is reopened at
 * once, so the next alert finds one ready.
 */
import net from "node:net";

interface Waiting {
  settle(status: number | null): void;
  timer: NodeJS.Timeout;
}

/** Reads HTTP/1.1 replies off a byte stream: status line, headers, a Content-Length or chunked body. */
function takeReply(buf: Buffer): { status: number; rest: Buffer } | null {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString("latin1");
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  let at = end + 4;
  if (length) {
    at += Number(length[1]);
    if (buf.length < at) return null;
  } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    for (;;) {
      const line = buf.indexOf("\r\n", at);
      if (line < 0) return null;
      const size = Number.parseInt(buf.subarray(at, line).toString("latin1"), 16);
      at = line + 2 + size + 2;
      if (buf.length < at) return null;
      if (size === 0) break;
    }
  }
  return { status, rest: buf.subarray(at) };
}

export class WebhookConnection {
  private socket: net.Socket | null = null;
  private readonly waiting: Waiting[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private closed = false;
  /** Wait before reopening a connection that closed: 100 ms, doubling to 5 s while it keeps failing. */
  private backoffMs = 100;
  private readonly url: URL;

  constructor(
    url: string,
    private readonly timeoutMs = 5000,
  ) {
    this.url = new URL(url);
    if (this.url.protocol !== "http:") throw new RangeError(`the alert webhook must be http:// (got ${url})`);
  }

  /** Opens the connection now, so the first post does not wait for one. */
  open(): void {
    this.connection();
  }

  /** Writes one JSON post now; resolves with the reply's status, or null when none came in time. */
  post(body: string): Promise<number | null> {
    const socket = this.connection();
    const bytes = Buffer.from(body);
    const head =
      `POST ${this.url.pathname}${this.url.search} HTTP/1.1\r\nHost: ${this.url.host}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: keep-alive\r\n\r\n`;
    return new Promise((resolve) => {
      const waiting: Waiting = {
        settle: (status) => {
          clearTimeout(waiting.timer);
          resolve(status);
        },
        // A reply that does not come in time leaves the order unknown: the connection is dropped.
        timer: setTimeout(() => socket.destroy(), this.timeoutMs),
      };
      this.waiting.push(waiting);
      socket.write(Buffer.concat([Buffer.from(head, "latin1"), bytes]));
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
  }

  private connection(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect({ host: this.url.hostname, port: Number(this.url.port || 80), noDelay: true });
    this.socket = socket;
    this.buffered = Buffer.alloc(0);
    socket.once("connect", () => {
      this.backoffMs = 100;
    });
    socket.on("data", (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      for (let reply = takeReply(this.buffered); reply; reply = takeReply(this.buffered)) {
        this.buffered = reply.rest;
        this.waiting.shift()?.settle(reply.status);
      }
    });
    socket.on("error", () => {}); // reported through "close"
    socket.on("close", () => {
      if (this.socket === socket) this.socket = null;
      for (const w of this.waiting.splice(0)) w.settle(null);
      // Reopened at once (not on the next post), so an alert never waits for a connection.
      if (this.closed) return;
      setTimeout(() => !this.closed && !this.socket && this.connection(), this.backoffMs).unref();
      this.backoffMs = Math.min(this.backoffMs * 2, 5000);
    });
    socket.unref();
    return socket;
  }
}
