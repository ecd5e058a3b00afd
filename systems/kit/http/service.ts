import { randomUUID, timingSafeEqual } from "node:crypto";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import { systemClock } from "../clock.ts";
import type { AlertSink } from "../monitor/alerts.ts";
import type { UnitMetrics } from "../monitor/metrics.ts";
import { REQUEST_HEADERS } from "../protocol/index.ts";
import { RegistryError, UnknownReleaseError } from "../registry/errors.ts";
import { type RequestMeta, runInRequest } from "../request-context.ts";
import { errorBody, HttpError, NotFound, Unauthorized } from "./errors.ts";
import { mountInferenceFault } from "./inference-fault.ts";
import type { Logger } from "./log.ts";

export interface ServiceOptions {
  metrics: UnitMetrics;
  logger: Logger;
  /** Admin routes (deploy, rollback, alias) need this bearer token. */
  adminToken: string;
  alerts?: AlertSink;
  /** Readiness beyond "the process listens", e.g. a model loaded. */
  ready?: () => boolean;
  bodyLimit?: string;
}

export interface Service {
  app: Express;
  /** Router mounted at /admin behind the token. */
  admin: express.Router;
  /** Adds the 404 and the one error handler; call after every route is added. */
  finish(): Express;
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireAdmin(token: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.get("authorization") ?? "";
    const given = header.startsWith("Bearer ") ? header.slice(7) : "";
    next(token && tokenMatches(given, token) ? undefined : new Unauthorized());
  };
}

/** The service factory every unit uses: body limit, metrics, health, readiness, alerts, admin auth, errors. */
export function createService(opts: ServiceOptions): Service {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      // A handler that answers after routing has moved on (a proxy) names its route in res.locals.
      const route =
        typeof res.locals.route === "string"
          ? res.locals.route
          : req.route?.path
            ? `${req.baseUrl}${req.route.path}`
            : "unmatched";
      const labels = { route, method: req.method, status: String(res.statusCode) };
      opts.metrics.httpRequests.inc(labels);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      opts.metrics.httpDuration.observe(labels, seconds);
    });
    next();
  });
  // Every request runs in its own context: what it causes (an alert, a database call, a call to
  // another unit) knows its id and whether it is synthetic.
  app.use((req, _res, next) => runInRequest(requestMeta(req), next));
  app.use(express.json({ limit: opts.bodyLimit ?? "256kb" }));
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  // The unit's clock, read by the harness to put what the unit stamps (alerts) on the trial's clock.
  app.get("/clock", (_req, res) => {
    res.json({ now: systemClock.now() });
  });
  app.get("/ready", (_req, res) => {
    const ok = opts.ready ? opts.ready() : true;
    res.status(ok ? 200 : 503).json({ ready: ok });
  });
  app.get("/metrics", async (_req, res) => {
    res.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics());
  });
  const sink = opts.alerts;
  if (sink) app.get("/alerts", (_req, res) => res.json({ alerts: sink.all(), firing: sink.firing() }));
  const admin = express.Router();
  app.use("/admin", requireAdmin(opts.adminToken), admin);
  mountInferenceFault(admin);

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const known = toHttpError(err);
    if (known.status >= 500)
      opts.logger.error("request failed", { path: req.path, error: String(err?.stack ?? err) });
    res.status(known.status).json(errorBody(known));
  };
  return {
    app,
    admin,
    finish() {
      app.use((req, _res, next) => next(new NotFound(`route ${req.method} ${req.path}`)));
      app.use(onError);
      return app;
    },
  };
}

/** The request's id and synthetic mark from its headers (an id is made up when it has none). */
function requestMeta(req: express.Request): RequestMeta {
  const given = req.get(REQUEST_HEADERS.id);
  return {
    id: given && given.length <= 128 ? given : `u-${randomUUID()}`,
    synthetic: req.get(REQUEST_HEADERS.synthetic) === "1",
  };
}

/** Maps body-parser failures and unknown errors into the error tree. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  // An unknown release is the caller's to fix; any other registry refusal conflicts with its state.
  if (err instanceof UnknownReleaseError) return new HttpError(404, "not_found", err.message);
  if (err instanceof RegistryError) return new HttpError(409, "conflict", err.message);
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === "entity.parse.failed") {
    return new HttpError(400, "bad_json", "the request body is not valid JSON", [
      { field: "(body)", rule: "object", message: "the request body must be a JSON object" },
    ]);
  }
  if (e?.type === "entity.too.large")
    return new HttpError(413, "too_large", "the request body is over the size limit");
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, "bad_request", e.message ?? "bad request");
  }
  return new HttpError(500, "internal", "internal error");
}
