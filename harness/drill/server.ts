/**
 * The operator console's server: one page and a small JSON API over the human operator, on
 * 127.0.0.1 behind its own token (in the first URL, then an HttpOnly cookie). Every response goes
 * through the redactor, so nothing naming the fault or the scenario can leave, whatever a unit logs.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import { ReplyError } from "../../systems/kit/http/client.ts";
import type { ConsoleAction } from "../../systems/kit/protocol/index.ts";
import { DeployError } from "../deploy/process.ts";
import type { HumanOperator } from "./human.ts";
import {
  diagnosisInput,
  InputError,
  parseInput,
  questionnaireInput,
  replayInput,
  rollbackInput,
  viewInput,
} from "./inputs.ts";
import { consolePage } from "./page.ts";
import type { Redactor } from "./redact.ts";

const COOKIE = "drill_token";

export interface ConsoleServer {
  /** Open this: it carries the token once and sets the cookie. */
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

/** A request body as sent: its first 64 KiB as text, and its full size. */
function readBody(req: http.IncomingMessage): Promise<{ text: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      if (bytes < MAX_BODY) chunks.push(c.subarray(0, MAX_BODY - bytes));
      bytes += c.length;
    });
    req.on("end", () => resolve({ text: Buffer.concat(chunks).toString("utf8"), bytes }));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new InputError("the body is not JSON");
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function tokenOf(req: http.IncomingMessage, url: URL): string {
  const cookie = (req.headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim().split("="))
    .find(([k]) => k === COOKIE)?.[1];
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  return cookie ?? bearer ?? url.searchParams.get("token") ?? "";
}

export async function startConsole(
  operator: HumanOperator,
  redactor: Redactor,
  o: { port?: number; token?: string } = {},
): Promise<ConsoleServer> {
  const token = o.token ?? randomBytes(18).toString("base64url");
  const send = (res: http.ServerResponse, status: number, body: unknown, type = "application/json") => {
    const text = redactor.clean(type === "application/json" ? JSON.stringify(body) : String(body));
    res.writeHead(status, {
      "content-type": `${type}; charset=utf-8`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
    });
    res.end(text);
  };
  // A body that fails its check never reaches the operator: it is logged here, as sent, and counted.
  const body = async <T>(req: http.IncomingMessage, action: ConsoleAction, schema: z.ZodType<T>) => {
    const { text, bytes } = await readBody(req);
    try {
      if (bytes > MAX_BODY) throw new InputError("the body is larger than 64 KiB");
      return parseInput(schema, parseJson(text));
    } catch (err) {
      if (err instanceof InputError) operator.reject(action, text, bytes, err.message);
      throw err;
    }
  };
  const query = (url: URL, name: string) => url.searchParams.get(name) ?? "";

  const routes: Record<string, (req: http.IncomingMessage, url: URL) => Promise<unknown> | unknown> = {
    "GET /api/state": () => operator.state(),
    "GET /api/alerts": () => ({ alerts: operator.alerts() }),
    "GET /api/metrics": (_r, url) => operator.metrics(query(url, "unit")),
    "GET /api/logs": (_r, url) => operator.logs(query(url, "unit"), Number(query(url, "lines") || 100)),
    "GET /api/releases": (_r, url) => operator.releases(query(url, "unit")),
    "POST /api/view": async (req) =>
      operator.viewMetrics((await body(req, "metrics", viewInput)).unit).then(() => ({ ok: true })),
    "POST /api/replay": async (req) => operator.replay(await body(req, "replay", replayInput)),
    "POST /api/diagnosis": async (req) => operator.diagnose(await body(req, "diagnosis", diagnosisInput)),
    "POST /api/rollback": async (req) => {
      const { unit, confirm } = await body(req, "rollback", rollbackInput);
      return operator.rollback(unit, confirm);
    },
    "POST /api/end": () => operator.endDrill(),
    "POST /api/questionnaire": async (req) =>
      operator.answer(await body(req, "questionnaire", questionnaireInput)),
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    try {
      if (!same(tokenOf(req, url), token))
        return send(res, 401, { error: "this console needs its token: open the URL the drill printed" });
      if (req.method === "GET" && url.pathname === "/") {
        if (url.searchParams.has("token")) {
          // Keep the token out of the address bar and history: a cookie carries it from now on.
          res.writeHead(303, {
            location: "/",
            "set-cookie": `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          });
          return res.end();
        }
        operator.open();
        return send(res, 200, consolePage(), "text/html");
      }
      const route = routes[`${req.method} ${url.pathname}`];
      if (!route) return send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
      send(res, 200, await route(req, url));
    } catch (err) {
      if (err instanceof InputError) return send(res, 422, { error: err.message });
      // An unknown release or an impossible rollback is the participant's to fix, not a crash.
      if (err instanceof DeployError || (err instanceof ReplyError && err.status < 500))
        return send(res, 409, { error: err.message });
      send(res, 500, { error: String((err as Error)?.message ?? err).slice(0, 500) });
    }
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
