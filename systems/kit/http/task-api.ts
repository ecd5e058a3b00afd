import type { Express } from "express";
import { z } from "zod";
import type { Clock } from "../clock.ts";
import {
  atVersion,
  contractVersions,
  DEFAULT_CONTRACT,
  VERSION_COLUMN,
  versionRefusal,
} from "../contract-versions.ts";
import { validate } from "../features/contract.ts";
import type { Violation } from "../features/types.ts";
import { headOf } from "../heads/index.ts";
import type { UnitMetrics } from "../monitor/metrics.ts";
import { REQUEST_HEADERS, type ReleaseRef, releaseName } from "../protocol/index.ts";
import { synthetic } from "../request-context.ts";
import type { Store } from "../store/store.ts";
import type { GuardReason, Prediction, TaskDefinition, TaskLogic } from "../task.ts";
import { HttpError, NotFound, ValidationFailed, VersionRefused } from "./errors.ts";
import type { Logger } from "./log.ts";
import { openApiDocument } from "./openapi.ts";
import { mountUi } from "./ui-files.ts";

export type FlatRecord = Record<string, string | number | boolean | null>;
export type CollectKind = "request" | "feedback" | "quarantine";

/** Where collected data goes: the database (three-layer) or the collector and the lake (proposed). */
export interface Collector {
  collect(kind: CollectKind, record: FlatRecord): void;
}

export interface TaskApiDeps {
  task: TaskDefinition;
  store: Store;
  clock: Clock;
  metrics: UnitMetrics;
  logger: Logger;
  collector: Collector;
  /** The business logic this release runs (the task's own unless a regression was deployed). */
  logic?: TaskLogic<Record<string, unknown>, Record<string, unknown>>;
  /**
   * Processing + engine, inline or over HTTP; `release` is the release that answered. `task` is the
   * task at the request's contract version. Throws VersionRefused when the engine does not speak it.
   */
  predict(
    input: Record<string, unknown>,
    task: TaskDefinition,
  ): Promise<{ prediction: Prediction; release: ReleaseRef }>;
  /**
   * The contract versions this unit's public API speaks: the three-layer app its release's one, a
   * logic unit every version the task declares (the contract lives with processing, and the logic
   * passes on what the caller sent). Default: every declared version.
   */
  speaks?: readonly string[];
  /**
   * Boundary hooks, wired by the pattern to its monitors. None is called for a synthetic request
   * (the harness's own checks): production monitors watch users' traffic only.
   */
  onRejected?(violations: Violation[]): void;
  /** A request that passed the contract (every one, whether or not it needs the engine). */
  onAccepted?(input: Record<string, unknown>): void;
  /** The model's input of a request that goes to the engine (a predefined question does not). */
  onModelInput?(input: Record<string, unknown>): void;
  onPrediction?(prediction: Prediction): void;
  /** The guard's verdict on a request that went to the engine: why it refused the output, or null. */
  onGuard?(guard: GuardReason | null): void;
  /** The task's business invariant on an answer: a sentence when broken, else null. */
  onAudit?(violation: string | null): void;
  /**
   * A user's report of the true outcome of an answer given by `release`; `answered` is the answer's
   * `task.answer.label` field (a class, a cluster, a number), judged by the task's head.
   */
  onFeedback?(release: ReleaseRef | null, answered: unknown, truth: Truth): void;
}

/** What a user reports: the true outcome (`label`), or only whether the answer was right (`correct`). */
export type Truth = { label: string; correct?: undefined } | { label?: undefined; correct: boolean };

// A reported number (a regression's true value) may come as a JSON number or as text.
const feedbackSchema = z
  .strictObject({
    id: z.number().int().positive(),
    label: z
      .union([z.string().min(1).max(64), z.number()])
      .transform(String)
      .optional(),
    correct: z.boolean().optional(),
  })
  .refine((f) => (f.label === undefined) !== (f.correct === undefined), {
    path: ["label"],
    message: "or 'correct' must be given, not both",
  });

/** Tables every pattern's serving database has, whatever the task. */
export async function migrateServing(store: Store): Promise<void> {
  await store.exec(`
    create table if not exists decisions (id integer primary key autoincrement, ts text not null, input text not null, output text not null, release text not null, release_unit text, release_number integer, guard text);
    create table if not exists feedback (id integer primary key autoincrement, decision_id integer not null, label text, correct integer, ts text not null);
  `);
}

/** The guard the paper's failure story asks for: a NaN or unknown output never reaches the logic. */
export function guardPrediction(task: TaskDefinition, p: Prediction): GuardReason | null {
  return headOf(task).guard(task, p);
}

function flatInput(input: Record<string, unknown>): FlatRecord {
  const out: FlatRecord = {};
  for (const [k, v] of Object.entries(input)) {
    out[k] =
      typeof v === "string" || typeof v === "number" || typeof v === "boolean"
        ? v
        : v == null
          ? null
          : JSON.stringify(v);
  }
  return out;
}

/** The task's public API, UI and OpenAPI document, the same code in every pattern. */
export function mountTaskApi(app: Express, d: TaskApiDeps): void {
  const { task, store } = d;
  const logic = d.logic ?? task.logic;
  // The business reference data changes rarely: read it at most every few seconds for the audit.
  let cached: { at: number; value: Promise<unknown> } | null = null;
  const reference = () => {
    if (!cached || d.clock.now() - cached.at > 5000)
      cached = { at: d.clock.now(), value: logic.reference(store) };
    return cached.value;
  };
  const iso = () => new Date(d.clock.now()).toISOString();

  mountUi(app, task);
  app.get("/openapi.json", (_req, res) => res.json(openApiDocument(task)));
  app.get("/api/reference", async (_req, res) => res.json(await logic.reference(store)));

  const speaks = d.speaks ?? contractVersions(task);
  app.post(task.route, async (req, res) => {
    const watched = !synthetic();
    const version = req.header(REQUEST_HEADERS.contract) ?? DEFAULT_CONTRACT;
    const at = speaks.includes(version) ? atVersion(task, version) : null;
    const checked = at
      ? validate(at.contract, req.body)
      : versionRefusal(REQUEST_HEADERS.contract, version, speaks);
    const violations = checked.ok ? (task.checkRequest?.(checked.value) ?? []) : checked.violations;
    if (!at || !checked.ok || violations.length) {
      if (watched) d.onRejected?.(violations);
      d.logger.warn("request rejected", {
        route: task.route,
        violations: violations.map((v) => `${v.field}:${v.rule}`),
      });
      d.collector.collect("quarantine", {
        ts: iso(),
        route: task.route,
        body: JSON.stringify(req.body ?? null),
        violations: JSON.stringify(violations),
        fields: violations.map((v) => v.field).join(","),
        contract: version,
        synthetic: !watched,
      });
      throw new ValidationFailed(violations);
    }
    const input = checked.value;
    if (watched) d.onAccepted?.(input);
    let prediction: Prediction | null = null;
    let answeredBy: ReleaseRef | null = null;
    let guard: GuardReason | null = null;
    // A request the logic answers alone (a predefined question) never reaches the engine.
    if (task.usesModel?.(input) ?? true) {
      if (watched) d.onModelInput?.(input);
      try {
        ({ prediction, release: answeredBy } = await d.predict(input, at));
        if (watched) d.onPrediction?.(prediction);
        guard = guardPrediction(task, prediction);
      } catch (err) {
        d.logger.warn("prediction unavailable", { error: String(err) });
        guard = err instanceof VersionRefused ? "contract" : "unavailable";
      }
      if (watched) d.onGuard?.(guard);
    }
    if (guard) d.metrics.outputGuard.inc({ reason: guard });
    else if (prediction) d.metrics.predictions.inc({ label: prediction.label ?? "value" });
    const output = await logic.decide(store, input, guard ? null : prediction, guard);
    const ts = iso();
    const release = answeredBy ? releaseName(answeredBy) : "none";
    const { lastId } = await store.run(
      "insert into decisions (ts, input, output, release, release_unit, release_number, guard) values (?, ?, ?, ?, ?, ?, ?)",
      [
        ts,
        JSON.stringify(input),
        JSON.stringify(output),
        release,
        answeredBy?.unit ?? null,
        answeredBy?.number ?? null,
        guard,
      ],
    );
    d.collector.collect("request", {
      id: lastId,
      ts,
      release,
      ...flatInput(input),
      // A later version's request is its own training row: training at a version reads its own.
      ...(version === DEFAULT_CONTRACT ? {} : { [VERSION_COLUMN]: version }),
      predicted: guard ? null : (prediction?.label ?? prediction?.value ?? null),
      confidence: guard ? null : (prediction?.confidence ?? null),
      guard,
      synthetic: !watched,
    });
    if (watched && task.auditAnswer && d.onAudit) d.onAudit(task.auditAnswer(output, await reference()));
    res.json({ id: lastId, ...output, release, guard });
  });

  app.post("/api/feedback", async (req, res) => {
    const parsed = feedbackSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? "(body)");
      throw new HttpError(422, "validation", `field '${field}' ${issue.message}`, [
        { field, rule: "type", message: `field '${field}' ${issue.message}` },
      ]);
    }
    const { id } = parsed.data;
    const { label: reported, correct: right } = parsed.data;
    const truth: Truth = right === undefined ? { label: reported ?? "" } : { correct: right };
    const broken = truth.label === undefined ? null : headOf(task).checkTruth(task, truth.label);
    if (broken) {
      const rule = task.head.kind === "value" ? "type" : "category";
      throw new ValidationFailed([{ field: "label", rule, message: `field 'label' ${broken}` }]);
    }
    const decision = await store.get<{
      release: string;
      release_unit: string | null;
      release_number: number | null;
      output: string;
    }>("select release, release_unit, release_number, output from decisions where id = ?", [id]);
    if (!decision) throw new NotFound(`decision ${id}`);
    const ts = iso();
    const label = truth.label ?? null;
    const correct = truth.correct === undefined ? null : truth.correct ? 1 : 0;
    await store.run("insert into feedback (decision_id, label, correct, ts) values (?, ?, ?, ?)", [
      id,
      label,
      correct,
      ts,
    ]);
    const answeredBy =
      decision.release_unit !== null && decision.release_number !== null
        ? { unit: decision.release_unit, number: decision.release_number }
        : null;
    if (!synthetic()) d.onFeedback?.(answeredBy, JSON.parse(decision.output)[task.answer.label], truth);
    d.collector.collect("feedback", {
      decision_id: id,
      label,
      correct,
      ts,
      release: decision.release,
      synthetic: synthetic(),
    });
    res.status(201).json({ id, ...truth });
  });
}
