/**
 * A reverse proxy for one upstream, as a gateway routes a request: method, path (less a prefix),
 * query, headers and body go through; the answer comes back as the upstream gave it. A body the
 * service's JSON parser already read is sent again as JSON. An unreachable upstream is a 502, a
 * silent one a 504, each naming the upstream, so the caller sees where the route broke.
 */
import http from "node:http";
import type { Request, Response } from "express";

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
/** Hop-by-hop headers (RFC 9110 7.6.1) and the length, which the proxy recomputes. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"]);

export interface ProxyOptions {
  /** The route's name in errors and metrics. */
  name: string;
  /** A path prefix the route owns, removed before the upstream sees the path. */
  strip?: string;
  timeoutMs?: number;
}

export function proxyTo(base: string, o: ProxyOptions) {
  const upstream = new URL(base);
  return (req: Request, res: Response, done: (status: number) => void): void => {
    const path =
      o.strip && req.originalUrl.startsWith(o.strip)
        ? req.originalUrl.slice(o.strip.length) || "/"
        : req.originalUrl;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
    // Express 5 leaves req.body undefined unless a parser read the stream.
    const body = req.body === undefined ? null : Buffer.from(JSON.stringify(req.body));
    if (body) headers["content-length"] = body.length;
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${upstream.pathname.replace(/\/$/, "")}${path}`,
        headers,
        agent,
        timeout: o.timeoutMs ?? 10_000,
      },
      (answer) => {
        const copied: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(answer.headers))
          if (!HOP.has(k) || k === "content-length") copied[k] = v;
        res.writeHead(answer.statusCode ?? 502, copied);
        answer.pipe(res);
        answer.on("end", () => done(answer.statusCode ?? 502));
      },
    );
    const fail = (status: number, error: string, message: string) => {
      if (res.headersSent) return void res.destroy();
      res.status(status).json({ error, message });
      done(status);
    };
    out.on("timeout", () => {
      out.destroy();
      fail(504, "gateway_timeout", `route '${o.name}': ${upstream.origin} did not answer in time`);
    });
    out.on("error", (err) =>
      fail(502, "bad_gateway", `route '${o.name}': ${upstream.origin} unreachable (${err.message})`),
    );
    if (body) out.end(body);
    else req.pipe(out);
  };
}
