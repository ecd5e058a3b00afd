/**
 * Equivalence margins: per compared measure, the largest difference (candidate - baseline, in the
 * measure's unit) that counts as no practical difference. They are experiment configuration: a run
 * declares them in its manifest (options.margins); a run or drills folder without them takes these
 * defaults. A margin is declared before the data are seen, or the equivalence claim means nothing.
 */
import { z } from "zod";

export const marginsSchema = z.record(z.string(), z.number().positive().finite());
export type Margins = z.infer<typeof marginsSchema>;

/** Times 500 ms; request counts 5 to 10 requests; effort 1 to 2; rates 0.1 (ten points). */
export const DEFAULT_MARGINS: Readonly<Margins> = Object.freeze({
  ttd_ms: 500,
  ttl_ms: 500,
  time_to_action_ms: 500,
  restore_ms: 500,
  verify_ms: 500,
  ttr_ms: 500,
  ttd_requests: 5,
  rollback_failed_requests: 5,
  incident_failed_requests: 10,
  incident_wrong_answers: 10,
  surface_calls: 2,
  side_systems: 1,
  ac1: 0.1,
  ac3: 0.1,
  rollback_ok: 0.1,
  collateral: 0.1,
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The margins a manifest declares (options.margins), else the defaults, and which it was. Declared
 * margins are taken as they are (a measure they leave out gets no equivalence test); a declaration
 * that is not a record of positive numbers throws a RangeError naming the entry.
 */
export function marginsOf(manifest: unknown): { margins: Margins; source: "manifest" | "default" } {
  const raw = isRecord(manifest) && isRecord(manifest.options) ? manifest.options.margins : undefined;
  if (raw === undefined) return { margins: { ...DEFAULT_MARGINS }, source: "default" };
  const parsed = marginsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(
      `options.margins${issue.path.map((k) => `.${String(k)}`).join("")}: ${issue.message}`,
    );
  }
  return { margins: { ...parsed.data }, source: "manifest" };
}
