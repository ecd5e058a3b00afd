/**
 * The journal of one trial: append-only JSON lines, one record each, and the summary line a trial
 * process prints. Times are ms on the harness's monotonic clock from the trial's start; request
 * positions come from the traffic log. The report reads only journals, so everything a measure
 * needs is recorded here. One definition per record: the types are inferred from these schemas.
 *
 * Fields added after journals were first committed are optional, so older journals still read.
 */
import { z } from "zod";
import { alertLabelsSchema, flowSchema, severitySchema } from "./alerts.ts";
import { deployStrategySchema, observabilitySchema } from "./arm.ts";
import { headFitSchema } from "./model.ts";

/** Where a failure lives (the part of the system) and what kind of change caused it. */
export const partSchema = z.enum(["ml", "logic", "infra"]);
export type Part = z.infer<typeof partSchema>;
// processing and engine: faults inside the serving process that pass the request contract.
export const causeSchema = z.enum(["trend", "schema", "release", "processing", "engine", "infrastructure"]);
export type Cause = z.infer<typeof causeSchema>;

const ms = z.number();

export const suspectSchema = z.object({
  part: partSchema,
  cause: causeSchema,
  /** The unit, data flow and feature the evidence points at, when it does. */
  unit: z.string().optional(),
  flow: flowSchema.optional(),
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

// Fields a summary gained after journals were first committed are optional: older summaries read.
const later = <T extends z.ZodType>(t: T) => t.optional();

export const summarySchema = z.object({
  system: z.string(),
  task: z.string(),
  pattern: z.string(),
  /** The trial's arm (older summaries: absent, the pattern named it). */
  arm: later(z.string()),
  /** How units that restart to change release were replaced (older summaries: restart). */
  deploy: later(deployStrategySchema),
  /** Which monitors the units ran (older summaries: distributed). */
  observability: later(observabilitySchema),
  scenario: z.string(),
  fault: z.string(),
  seed: z.number(),
  operator: z.enum(["auto", "human"]),
  requests: z.number(),
  // The incident's phases on the trial clock (ms; null when not reached).
  fault_begins_ms: later(count),
  first_affected_request: later(count),
  detected_ms: later(count),
  first_diagnosis_ms: later(count),
  actionable_diagnosis_ms: later(count),
  decision_ms: later(count),
  restored_first_ms: later(count),
  restored_ms: later(count),
  verified_ms: later(count),
  // RQ1
  ttd_requests: count,
  ttd_ms: count,
  ttl_ms: count,
  time_to_action_ms: later(count),
  ac1: z.union([z.literal(0), z.literal(1)]),
  ac3: z.union([z.literal(0), z.literal(1)]),
  ac1_last: later(z.union([z.literal(0), z.literal(1)])),
  ac3_last: later(z.union([z.literal(0), z.literal(1)])),
  // Localization at the grain the architecture changes, of the actionable diagnosis's top suspect:
  // 1 when it names the truth's unit / flow / one of its features; null when the truth has none.
  unit_ok: later(z.union([z.literal(0), z.literal(1)]).nullable()),
  flow_ok: later(z.union([z.literal(0), z.literal(1)]).nullable()),
  feature_ok: later(z.union([z.literal(0), z.literal(1)]).nullable()),
  /** The stated onset minus the first request the fault changed (requests); null when not stated. */
  onset_error_requests: later(count),
  false_alarms_per_10k: z.number(),
  silent: z.boolean(),
  // RQ2
  restore_ms: later(count),
  verify_ms: later(count),
  ttr_ms: count,
  rollback_failed_requests: count,
  rollback_downtime_ms: count,
  rollback_ok: z.boolean().nullable(),
  collateral_units: z.array(z.string()),
  // The Section 5 drill (RQ2 trials): whether the logic improvement v2 shipped stopped working
  // after the engine went back to v1 (null: no improvement, or it never worked with v2), and the
  // users' requests from the rollback decision on that two sides' contract versions broke.
  improvement_lost: later(z.boolean().nullable()),
  rollback_wrong_answers: later(count),
  contract_breaks: later(count),
  // Comparative evaluation, when a model release went out by canary (null otherwise): whether its
  // judge aborted the release before any operator rolled back, after how long from the canary's
  // start (ms and requests sent), and how many answers the canary release gave users.
  system_rollback: later(z.boolean().nullable()),
  system_rollback_ms: later(count),
  system_rollback_requests: later(count),
  canary_answers: later(count),
  // What the incident cost users, fault to verified end
  incident_failed_requests: later(count),
  incident_wrong_answers: later(count),
  incident_answers: later(count),
  wrong_rate_before: later(count),
  // The operator's effort
  replays: z.number(),
  surface_calls: later(z.number()),
  side_systems: later(z.number()),
  records_read: later(z.number()),
  // The instrument
  alert_delivery_p95_ms: later(count),
  clock_uncertainty_ms: later(count),
  steady_before: z.boolean(),
  steady_after: z.boolean().nullable(),
  failed_steps: z.array(z.string()),
});
/** One trial in one row: what the report aggregates. Null where a measure does not apply. */
export type Summary = Required<z.infer<typeof summarySchema>>;
/** A summary as a journal holds it: one written before later fields existed lacks them. */
export type RecordedSummary = z.infer<typeof summarySchema>;

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
    /**
     * The fault's part and cause; and, at the grain the architecture changes (trials before it: absent),
     * the unit to act on in this system, the data flow where it first shows, and the features it
     * changes (empty: no feature grain, e.g. a release).
     */
    truth: z.object({
      part: partSchema,
      cause: causeSchema,
      unit: z.string().optional(),
      flow: flowSchema.optional(),
      features: z.array(z.string()).optional(),
    }),
    injection_request: z.number(),
    /** rq1 (default): a fault on a running system; rq2: v1 -> new data and v2 -> roll back to v1. */
    kind: z.enum(["rq1", "rq2"]).optional(),
    /** Each fault's position on the timeline as this trial's seed drew it (a fraction). */
    fault_positions: z.array(z.number()).optional(),
    /** The seed the initial model release was trained with. */
    training_seed: z.number().optional(),
    /** The arm: its catalog name, else pattern+observability+deploy (journals before arms: the pattern). */
    arm: z.string().optional(),
    /** How units that restart to change release were replaced (journals before it: restart). */
    deploy: deployStrategySchema.optional(),
    /** Which monitors the units ran (journals before it: distributed, every monitor there was). */
    observability: observabilitySchema.optional(),
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
  /**
   * An alert as the harness received it (at_ms: receipt, on the trial clock). Later fields are absent
   * in journals written before alerts carried their firing time and trigger.
   */
  z.object({
    type: z.literal("alert"),
    at_ms: ms,
    /** Requests the traffic had sent when the harness received the alert (kept for old readers). */
    at_request: z.number(),
    labels: alertLabelsSchema.extend({ flow: flowSchema.optional() }),
    starts_at: z.string(),
    /** The event: an alert firing, or the same alert resolving (journals before this field: either). */
    status: z.enum(["firing", "resolved"]).optional(),
    /** When the monitor fired, on the trial clock (the unit's stamp less its measured clock offset). */
    fired_ms: ms.nullable().optional(),
    /**
     * When its post had fully arrived at the harness's receiving thread (deploy/receiver.ts), on the
     * trial clock; `at_ms` is when the harness took it in and told the operator. Journals before
     * this field received on the harness's own thread: there the two are one.
     */
    received_ms: ms.optional(),
    /** Received minus fired: how long a firing took to reach the harness (null for a resolution). */
    delivery_ms: ms.nullable().optional(),
    /** The id of the request whose record made the monitor fire ("" when none). */
    trigger: z.string().optional(),
    /** The traffic position of that request: its index, or for a user's report the position it was sent at. */
    trigger_request: z.number().nullable().optional(),
  }),
  /** A unit's clock against the harness's, measured when the unit started (kit/clock.ts). */
  z.object({
    type: z.literal("clock"),
    at_ms: ms,
    unit: z.string(),
    offset_ms: ms,
    uncertainty_ms: ms,
  }),
  /** A user's report of the true outcome of request `of`, sent just before request `at_request`. */
  z.object({
    type: z.literal("feedback"),
    of: z.number(),
    at_request: z.number(),
    sent_ms: ms,
    status: z.number(),
  }),
  /**
   * A moment of the incident only the harness knows: a fault began going in (a release fault: its
   * deploy starts) or took effect, an action was decided. Everything else the measures derive
   * from the raw records.
   */
  z.object({
    type: z.literal("phase"),
    /** rollback-asked: the RQ2 drill asks its operator to roll the inference engine back to v1. */
    name: z.enum(["traffic-starts", "fault-begins", "fault-in-effect", "rollback-asked"]),
    fault: z.string(),
    at_ms: ms,
    /** The next request to be sent at that moment. */
    at_request: z.number(),
  }),
  /** One attempt of the verification probe after a rollback: the fixed set of held-out requests. */
  z.object({
    type: z.literal("probe"),
    at_ms: ms,
    attempt: z.number().int(),
    passed: z.boolean(),
    /** Requests answered 200, unguarded, by the release production names. */
    good: z.number().int(),
    sent: z.number().int(),
    expect_release: z.string().nullable(),
  }),
  /** What the operator did to find the cause: calls on its surface, replays, side systems, records read. */
  z.object({
    type: z.literal("effort"),
    surface_calls: z.number().int(),
    replays: z.number().int(),
    side_systems: z.number().int(),
    records_read: z.number().int(),
  }),
  z.object({
    type: z.literal("diagnosis"),
    at_ms: ms,
    at_request: z.number(),
    ranked: z.array(suspectSchema),
    replays: z.number(),
    /** The first anomalous request as the operator states it (its position in the traffic); null: not stated. */
    onset_request: z.number().int().nullable().optional(),
    /** How anomalous the operator says it is, on the alerts' scale. */
    severity: severitySchema.optional(),
  }),
  /**
   * A model release going out through comparative evaluation's canary (the pattern's normal way to
   * release a model, PatternDefinition.modelRelease): its start, and its end when the canary's judge
   * promoted or aborted it (an operator who aborts it first journals a rollback instead).
   */
  z.object({
    type: z.literal("canary"),
    event: z.enum(["start", "promote", "abort"]),
    unit: z.string(),
    /** The release on canary, and production's release when the event happened. */
    release: z.number().int(),
    production: z.number().int(),
    fraction: z.number(),
    who: z.string(),
    reason: z.string().nullable(),
    /** False for an end without a verdict (the judge's time ran out, or the traffic ended first). */
    judged: z.boolean().optional(),
    at_ms: ms,
    /** The next request to be sent at that moment. */
    at_request: z.number(),
  }),
  /** RQ2: whether the logic improvement v2 shipped works, with v2 serving and after the rollback. */
  z.object({
    type: z.literal("improvement"),
    name: z.string(),
    phase: z.enum(["v2", "after-rollback"]),
    live: z.boolean(),
    at_ms: ms,
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
    /** The release the answer names; the answer's label; the row's true outcome; faults that changed it. */
    release: z.string().nullable().optional(),
    answered: z.union([z.string(), z.number()]).nullable().optional(),
    truth: z.string().nullable().optional(),
    affected: z.array(z.string()).optional(),
    /** The contract version the request stated (absent: v1); the answer's guard; the rule a 4xx named. */
    contract: z.string().optional(),
    guard: z.string().optional(),
    rule: z.string().optional(),
  }),
  /** Every release the system held when the trial ended, per unit: what the manifest's digests come from. */
  z.object({
    type: z.literal("releases"),
    at_ms: ms,
    units: z.record(
      z.string(),
      z.array(
        z.object({
          number: z.number().int(),
          digest: z.string(),
          /** What the release's output head learned (judging an answer right needs it, e.g. a cluster's group). */
          head: headFitSchema.nullable().optional(),
        }),
      ),
    ),
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
