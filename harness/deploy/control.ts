import { z } from "zod";
import { systemClock } from "../../systems/kit/clock.ts";
import { bodyOf } from "../../systems/kit/http/body.ts";
import { ReplyError } from "../../systems/kit/http/client.ts";
import { errorBody, HttpError } from "../../systems/kit/http/errors.ts";
import { createLogger } from "../../systems/kit/http/log.ts";
import { createService, toHttpError } from "../../systems/kit/http/service.ts";
import { listen, type UnitHandle } from "../../systems/kit/http/unit.ts";
import { webhookPayload } from "../../systems/kit/monitor/alerts.ts";
import { createMetrics } from "../../systems/kit/monitor/metrics.ts";
import {
  type Alert,
  type SystemReply,
  trainVariantSchema,
  type WebhookPayload,
  webhookPayloadSchema,
} from "../../systems/kit/protocol/index.ts";
import type { SystemHandle } from "./deploy.ts";
import { DeployError } from "./process.ts";
import { AlertReceiver, type Post, type Reply } from "./receiver.ts";

const deployBody = z.strictObject({
  unit: z.string().min(1).optional(),
  release: z.number().int().positive().optional(),
  who: z.string().min(1).max(200).default("operator"),
  reason: z.string().max(500).optional(),
});

/** A well-formed alert, parsed once at start (see start()). */
const WARM_ALERT: Alert = {
  status: "firing",
  labels: {
    alertname: "Warm",
    system: "harness",
    unit: "control",
    boundary: "webhook",
    feature: "none",
    anomaly: "schema",
    flow: "input",
    severity: "warning",
  },
  annotations: { fired_at: "0", trigger: "" },
  startsAt: new Date(0).toISOString(),
  endsAt: new Date(0).toISOString(),
  generatorURL: "http://127.0.0.1/archdrill",
  fingerprint: "warm",
};

/**
 * An alert as the harness received it: when its post had fully arrived at the receiving thread,
 * and when this thread took it in (both performance.now() of this thread).
 */
export interface Receipt {
  alert: Alert;
  receivedAt: number;
  at: number;
}

/** What the operator's train route takes: a retrain's seed, epochs and note (no corrupted pipeline). */
const trainBody = trainVariantSchema.omit({ labelNoise: true });

/**
 * The operator's side of a running system, served by the harness: the Alertmanager-style webhook
 * that every unit posts alerts to, the list of received alerts, and the admin routes (releases,
 * deploy, rollback) that do the pattern's kind of rollback. Binds 127.0.0.1; admin needs the token.
 */
export class ControlPlane {
  readonly received: Alert[] = [];
  /** Each received alert with the harness's monotonic time of receipt (performance.now()). */
  readonly receipts: Receipt[] = [];
  private readonly listeners = new Set<(r: Receipt) => void>();
  private handle: UnitHandle | null = null;
  private receiver: AlertReceiver | null = null;
  private system: SystemHandle | null = null;

  constructor(private readonly adminToken: string) {}

  /** Calls `listener` with every alert as it arrives (no polling); returns the way to stop. */
  onAlert(listener: (r: Receipt) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  attach(system: SystemHandle): void {
    this.system = system;
  }

  private need(): SystemHandle {
    if (!this.system) throw new HttpError(503, "unavailable", "no system is attached yet");
    return this.system;
  }

  async start(port = 0): Promise<string> {
    // Parse one alert now: zod compiles a schema on its first use, and the first alert a unit
    // posts must not pay for that in its delivery time.
    webhookPayloadSchema.parse(webhookPayload([WARM_ALERT], "archdrill", "http://127.0.0.1/archdrill"));
    const metrics = createMetrics({ system: "harness", unit: "control" });
    const logger = createLogger({ system: "harness", unit: "control" }, systemClock, () => {});
    const service = createService({ metrics, logger, adminToken: this.adminToken });
    service.app.get("/alerts", (_req, res) => {
      res.json({ alerts: this.received });
    });
    service.admin.get("/releases", async (req, res) => {
      const s = this.need();
      res.json(await s.releases(String(req.query.unit ?? s.modelUnit)));
    });
    service.admin.get("/system", (_req, res) => {
      const s = this.need();
      const reply: SystemReply = {
        system: s.system,
        runDir: s.runDir,
        units: [...s.units.values()].map((u) => ({
          name: u.spec.name,
          url: s.url(u.spec.name),
          pid: u.pid,
          swap: u.spec.swap,
        })),
      };
      res.json(reply);
    });
    const act = (kind: "deploy" | "rollback") =>
      service.admin.post(`/${kind}`, async (req, res) => {
        const s = this.need();
        const body = bodyOf(deployBody, req.body);
        const unit = body.unit ?? s.modelUnit;
        const by = { who: body.who, reason: body.reason };
        const release = body.release;
        if (kind === "deploy" && release === undefined)
          throw new HttpError(422, "validation", "field 'release' is required to deploy");
        try {
          res.json(
            kind === "deploy" && release !== undefined
              ? await s.deploy(unit, release, by)
              : await s.rollback(unit, by),
          );
        } catch (err) {
          // Unknown units or releases and impossible rollbacks are the caller's to fix, not a crash.
          if (err instanceof DeployError) throw new HttpError(409, "conflict", err.message);
          if (err instanceof ReplyError && err.status < 500)
            throw new HttpError(409, "conflict", err.message);
          throw err;
        }
      });
    service.admin.post("/train", async (req, res) => {
      const variant = bodyOf(trainBody, req.body);
      res.json({ unit: this.need().modelUnit, release: await this.need().train(variant) });
    });
    act("deploy");
    act("rollback");
    this.handle = await listen(service.finish(), { port });
    this.receiver = await AlertReceiver.start((post) => this.receive(post));
    return `http://127.0.0.1:${this.handle.port}`;
  }

  /** Where units post their alerts (the receiving thread's address), once started. */
  get webhookUrl(): string {
    if (!this.receiver) throw new DeployError("the control plane is not started");
    return this.receiver.url;
  }

  /** One webhook post: a 4xx naming what is wrong, or every alert in it journaled and passed on. */
  private receive(post: Post): Reply {
    const at = performance.now();
    const refuse = (err: HttpError): Reply => ({ status: err.status, body: errorBody(err) });
    if (post.body === null)
      return refuse(new HttpError(413, "too_large", "the request body is over the size limit"));
    if (!/^application\/json\b/i.test(post.contentType))
      return refuse(new HttpError(415, "unsupported_media_type", "the webhook takes application/json"));
    let payload: WebhookPayload;
    try {
      payload = bodyOf(webhookPayloadSchema, JSON.parse(post.body));
    } catch (err) {
      return refuse(
        err instanceof SyntaxError ? toHttpError({ type: "entity.parse.failed" }) : toHttpError(err),
      );
    }
    const receivedAt = post.receivedAt - performance.timeOrigin;
    this.received.push(...payload.alerts);
    for (const alert of payload.alerts) {
      const receipt = { alert, receivedAt, at };
      this.receipts.push(receipt);
      for (const l of this.listeners) l(receipt);
    }
    return { status: 202, body: { received: payload.alerts.length } };
  }

  async stop(): Promise<void> {
    await this.receiver?.stop();
    await this.handle?.close();
  }
}
