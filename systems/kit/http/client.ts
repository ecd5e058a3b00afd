/**
 * A small JSON client for talking to units and public APIs over HTTP, like a real client would.
 * Replies are `unknown` until a protocol schema says what they are: `callJson` checks the status
 * and the body's shape where the reply arrives, so a malformed reply is a typed error naming the
 * field, never a crash later.
 */
import http from "node:http";
import type { z } from "zod";
import { parseAs } from "../protocol/index.ts";

/**
 * One keep-alive pool per process for every call on loopback (unit to unit, unit to harness,
 * harness to unit): node:http directly, loaded with the process, so a first call costs what a
 * tenth does. Idle sockets close before a unit's 65 s keep-alive would, so a reused socket is
 * never one the server is closing.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 30_000 });

export interface JsonResponse {
  status: number;
  /** Parsed JSON, or the text when the body is not JSON (e.g. /metrics), or null when empty. */
  body: unknown;
}

export interface RequestInit {
  method?: string;
  body?: unknown;
  token?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** A reply whose status the caller did not expect; carries the error message the unit gave, if any. */
export class ReplyError extends Error {
  override name = "ReplyError";
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${url} answered ${status}${messageOf(body) ? `: ${messageOf(body)}` : ""}`);
  }
}

function messageOf(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 300);
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === "string" ? error.message : "";
}

const methodOf = (init: RequestInit) => init.method ?? (init.body === undefined ? "GET" : "POST");

export function requestJson(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const target = new URL(url);
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === "string"
        ? init.body
        : JSON.stringify(init.body);
  const headers: Record<string, string | number> = { ...init.headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(body);
  }
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const timeoutMs = init.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: methodOf(init),
        headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON (e.g. /metrics): the caller gets the text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`${methodOf(init)} ${url} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/**
 * A request whose reply must have status `expect` (default: any 2xx) and the shape `schema` says;
 * otherwise a ReplyError (status) or a ProtocolError (shape) naming what was asked.
 */
export async function callJson<S extends z.ZodType>(
  schema: S,
  url: string,
  init: RequestInit & { expect?: number } = {},
): Promise<z.infer<S>> {
  const res = await requestJson(url, init);
  const ok = init.expect === undefined ? res.status >= 200 && res.status < 300 : res.status === init.expect;
  if (!ok) throw new ReplyError(url, res.status, res.body);
  return parseAs(schema, res.body, `reply of ${methodOf(init)} ${url}`);
}

/** A JSON object: what a public answer is, read field by field by a client that knows no schema for it. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Runs fn over items with at most `limit` in flight, keeping result order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
