/**
 * Alerts as they travel from a unit's monitors to whoever watches (the harness, an Alertmanager):
 * the Alertmanager v4 webhook format, with labels typed so an operator reads what an alert says
 * from fields, never from the wording of a string.
 */
import { z } from "zod";

/** What went wrong on the watched flow. */
export const anomalies = [
  /** requests broke the contract */
  "schema",
  /** a watched value's distribution moved against the release's training reference */
  "drift",
  /** processed vectors differ from the ones the engine was trained on (serving/training skew) */
  "skew",
  /** the engine's outputs are unusable: the logic's guard refuses them (NaN, out of range, unknown label) */
  "invalid",
  /** answers break a business rule the task states */
  "rules",
  /** users report more wrong answers than the service showed when healthy */
  "accuracy",
  /** calls to a dependency, or the requests the unit serves, are slow */
  "latency",
  /** calls to a dependency fail, or the requests the unit serves get error answers */
  "errors",
] as const;
export const anomalySchema = z.enum(anomalies);
export type Anomaly = z.infer<typeof anomalySchema>;

/**
 * Which data flow the alerting monitor watches: the model's inputs, its processed vectors, its
 * outputs, the answers the logic gives, users' feedback, a call to a store (database, lake) or to
 * another unit, or the requests the unit itself serves at its public boundary. Set by the monitor
 * that fires, so nobody has to guess it from a feature name.
 */
export const flows = ["input", "vector", "output", "answer", "feedback", "store", "unit", "service"] as const;
export const flowSchema = z.enum(flows);
export type Flow = z.infer<typeof flowSchema>;

export const severitySchema = z.enum(["warning", "critical"]);
export type Severity = z.infer<typeof severitySchema>;

export const alertLabelsSchema = z.object({
  alertname: z.string().min(1),
  system: z.string(),
  unit: z.string(),
  /** The named data flow, e.g. "request", "logic->processing", "db". */
  boundary: z.string(),
  /** The feature, field or dependency the alert is about. */
  feature: z.string(),
  anomaly: anomalySchema,
  flow: flowSchema,
  severity: severitySchema,
  /** The release whose answers an accuracy alert judges (a display name, never parsed). */
  release: z.string().optional(),
});
export type AlertLabels = z.infer<typeof alertLabelsSchema>;

/**
 * Annotations every alert carries: when the monitor fired (epoch ms of the firing unit's monotonic
 * clock, to the microsecond) and the id of the request whose record made it fire ("" if unknown).
 */
export const FIRED_AT = "fired_at";
export const TRIGGER = "trigger";

export const alertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: alertLabelsSchema,
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

export const webhookPayloadSchema = z.object({
  version: z.literal("4"),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  groupLabels: z.record(z.string(), z.string()),
  commonLabels: z.record(z.string(), z.string()),
  commonAnnotations: z.record(z.string(), z.string()),
  externalURL: z.string(),
  alerts: z.array(alertSchema),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** Alerts as a list (the harness's `/alerts`, a unit's `/alerts`). */
export const alertListSchema = z.object({ alerts: z.array(alertSchema) });

/**
 * The features a unit's service monitor names (flow `service`): the share of its answers that are
 * client errors (4xx: the caller sent what it refuses) or server errors (5xx), and the latency of all.
 */
export const SERVICE_FEATURES = { client: "4xx", server: "5xx", latency: "answers" } as const;
