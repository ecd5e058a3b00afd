/**
 * A small JSON client for talking to units and public APIs over HTTP, like a real client would.
 * Replies are `unknown` until a protocol schema says what they are: `callJson` checks the status
 * and the body's shape where the reply arrives, so a malformed reply is a typed error naming the
 * field, never a crash later.
 */
import type { z } from "zod";
import { parseAs } from "../protocol/index.ts";

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

export async function requestJson(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, {
    method: methodOf(init),
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (e.g. /metrics): the caller gets the text.
  }
  return { status: res.status, body };
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
