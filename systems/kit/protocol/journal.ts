/**
 * The journal of one trial: append-only JSON lines, one record each, and the summary line a trial
 * process prints. Times are ms on the harness's monotonic clock from the trial's start; request
 * positions come from the traffic log. The report reads only journals, so everything a measure
 * needs is recorded here. One definition per record: the types are inferred from these schemas.
 *
 * Fields added after journals were first committed are optional, so older journals still read.
 */
import { z } from "zod";
import { alertLabelsSchema, flowSchema } from "./alerts.ts";

/** Where a failure lives (the part of the system) and what kind of change caused it. */
export const partSchema = z.enum(["ml", "logic", "infra"]);
export type Part = z.infer<typeof partSchema>;
export const causeSchema = z.enum(["trend", "schema", "release", "infrastructure"]);
export type Cause = z.infer<typeof causeSchema>;

const ms = z.number();

export const suspectSchema = z.object({
  part: partSchema,
  cause: causeSchema,
  /** The unit and boundary/feature the evidence points at, when it does. */
  unit: z.string().optional(),
  feature: z.string().optional(),
  score: z.number(),
  evidence: z.array(z.string()),
});
export type Suspect = z.infer<typeof suspectSchema>;

export const checkResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  detail: z.string(),
  value: z.number().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

const count = z.number().nullable();
const likert = z.int().min(1).max(5);

export const summarySchema = z.object({
  system: z.string(),
  task: z.string(),
  pattern: z.string(),
  scenario: z.string(),
  fault: z.string(),
  seed: z.number(),
  operator: z.enum(["auto", "human"]),
  requests: z.number(),
  ttd_requests: count,
  ttd_ms: count,
  ttl_ms: count,
  ac1: z.union([z.literal(0), z.literal(1)]),
  ac3: z.union([z.literal(0), z.literal(1)]),
  false_alarms_per_10k: z.number(),
  silent: z.boolean(),
  ttr_ms: count,
  rollback_failed_requests: count,
  rollback_downtime_ms: count,
  rollback_ok: z.boolean().nullable(),
  collateral_units: z.array(z.string()),
  replays: z.number(),
  steady_before: z.boolean(),
  steady_after: z.boolean().nullable(),
  failed_steps: z.array(z.string()),
});
/** One trial in one row: what the report aggregates. Null where a measure does not apply. */
export type Summary = z.infer<typeof summarySchema>;

/** What a participant can do at the console (looking at alerts and charts is not logged: they poll). */
export const consoleActions = [
  "open",
  "metrics",
  "logs",
  "releases",
  "replay",
  "diagnosis",
  "rollback",
  "end",
  "questionnaire",
] as const;
export type ConsoleAction = (typeof consoleActions)[number];

export const journalRecordSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("trial"),
    at_ms: ms,
    system: z.string(),
    scenario: z.string(),
    scenario_digest: z.string(),
    faults: z.array(z.string()),
    seed: z.number(),
    operator: z.enum(["auto", "human"]),
    started_at: z.string(),
    truth: z.object({ part: partSchema, cause: causeSchema }),
    injection_request: z.number(),
    /** rq1 (default): a fault on a running system; rq2: v1 -> new data and v2 -> roll back to v1. */
    kind: z.enum(["rq1", "rq2"]).optional(),
  }),
  z.object({
    type: z.literal("step"),
    name: z.string(),
    start_ms: ms,
    end_ms: ms,
    duration_ms: ms,
    status: z.enum(["ok", "failed"]),
    detail: z.string().optional(),
  }),
  z.object({
    type: z.literal("steady-state"),
    phase: z.enum(["before", "after", "rollback", "v2"]),
    at_ms: ms,
    passed: z.boolean(),
    checks: z.array(checkResultSchema),
  }),
  z.object({ type: z.literal("injection"), fault: z.string(), at_ms: ms, at_request: z.number() }),
  z.object({
    type: z.literal("alert"),
    at_ms: ms,
    /** Requests the traffic had sent when the harness saw the alert. */
    at_request: z.number(),
    // Journals written before alerts carried their flow have none.
    labels: alertLabelsSchema.extend({ flow: flowSchema.optional() }),
    starts_at: z.string(),
  }),
  z.object({
    type: z.literal("diagnosis"),
    at_ms: ms,
    at_request: z.number(),
    ranked: z.array(suspectSchema),
    replays: z.number(),
  }),
  z.object({
    type: z.literal("rollback"),
    unit: z.string(),
    from: z.number(),
    to: z.number(),
    decision_ms: ms,
    done_ms: ms,
    tests_pass_ms: ms.nullable(),
    ok: z.boolean(),
    /** Parts of the system the rollback reverted (e.g. model, logic). */
    reverted: z.array(z.string()),
  }),
  z.object({
    type: z.literal("request"),
    i: z.number(),
    sent_ms: ms,
    ms,
    status: z.number(),
    ok: z.boolean(),
  }),
  /** Every release the system held when the trial ended, per unit: what the manifest's digests come from. */
  z.object({
    type: z.literal("releases"),
    at_ms: ms,
    units: z.record(z.string(), z.array(z.object({ number: z.number().int(), digest: z.string() }))),
  }),
  /** A human drill: who operated, and how long they had. */
  z.object({
    type: z.literal("drill"),
    at_ms: ms,
    participant: z.string().nullable(),
    team: z.string().nullable(),
    time_limit_ms: ms,
  }),
  /** One thing the participant did at the operator console. */
  z.object({
    type: z.literal("action"),
    at_ms: ms,
    action: z.enum(consoleActions),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    ok: z.boolean(),
    error: z.string().optional(),
  }),
  /** The participant's answers after a drill, each on a 5-point scale (1 disagree .. 5 agree). */
  z.object({
    type: z.literal("questionnaire"),
    at_ms: ms,
    helped_identify: likert,
    helped_rollback: likert,
    would_adopt: likert,
    comment: z.string(),
  }),
  z.object({ type: z.literal("summary"), summary: summarySchema }),
]);
export type JournalRecord = z.infer<typeof journalRecordSchema>;
