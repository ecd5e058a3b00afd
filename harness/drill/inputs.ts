/** What the console accepts from a participant: every body is parsed here, a bad one names its field. */
import { z } from "zod";
import { flowSchema, severitySchema } from "../../systems/kit/protocol/index.ts";
import { causes, parts } from "../scenario/index.ts";

const suspect = z.strictObject({ part: z.enum(parts), cause: z.enum(causes) });

export const diagnosisInput = z.strictObject({
  part: z.enum(parts),
  cause: z.enum(causes),
  unit: z.string().max(100).default(""),
  /** The data flow where it shows; "" when the participant cannot say. */
  flow: z.union([flowSchema, z.literal("")]).default(""),
  feature: z.string().max(200).default(""),
  /** The first anomalous request (its number in the traffic); null when the participant cannot tell. */
  onset: z.number().int().nonnegative().nullable().default(null),
  /** How anomalous; "" when the participant cannot say. */
  severity: z.union([severitySchema, z.literal("")]).default(""),
  text: z.string().max(4000).default(""),
  /** The participant's second and third guesses, best first (AC@3 reads them). */
  alternatives: z.array(suspect).max(2).default([]),
});
export type DiagnosisInput = z.infer<typeof diagnosisInput>;

/** How much of a rejected body the action log keeps. */
export const REJECTED_BODY_CHARS = 2000;

/** What the console's action log keeps of an input: flat values. */
export type Detail = Record<string, string | number | boolean | null>;

/** A diagnosis as the action log keeps it (its alternatives as part/cause, whether it revises one). */
export function diagnosisDetail(input: DiagnosisInput, revision: boolean): Detail {
  return {
    part: input.part,
    cause: input.cause,
    unit: input.unit,
    flow: input.flow,
    feature: input.feature,
    onset: input.onset,
    severity: input.severity,
    text: input.text,
    alternatives: input.alternatives.map((a) => `${a.part}/${a.cause}`).join(","),
    revision,
  };
}

export const rollbackInput = z.strictObject({
  unit: z.string().min(1),
  /** Needed to undo the participant's own rollback (rolling back again returns to the bad release). */
  confirm: z.boolean().default(false),
});

export const replayInput = z.strictObject({
  unit: z.string().min(1),
  releases: z.array(z.int().positive()).min(1).max(2),
  requests: z.int().min(1).max(200).default(30),
});
export type ReplayInput = z.infer<typeof replayInput>;

export const viewInput = z.strictObject({ what: z.literal("metrics"), unit: z.string().min(1) });

const likert = z.int().min(1).max(5);
export const questionnaireInput = z.strictObject({
  helped_identify: likert,
  helped_rollback: likert,
  would_adopt: likert,
  comment: z.string().max(4000).default(""),
});
export type QuestionnaireInput = z.infer<typeof questionnaireInput>;

export class InputError extends Error {
  override name = "InputError";
}

/** Parses a body or throws an InputError naming the field and the rule. */
export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  throw new InputError(
    r.error.issues.map((i) => `field '${i.path.join(".") || "(body)"}' ${i.message}`).join("; "),
  );
}
