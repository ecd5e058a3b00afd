import { z } from "zod";
import type { Store } from "../../kit/store/store.ts";
import type { GuardReason, Prediction, TaskLogic } from "../../kit/task.ts";

/**
 * The business: an outdoor-event planner. Each venue has a kind; the rules table (kept in the
 * database, editable by the business) says what a kind of venue does in each kind of weather.
 */
export const decisions = ["go", "move-indoors", "no-go", "hold"] as const;
export type Decision = (typeof decisions)[number];

export const venues = [
  { id: "pier-62", name: "Pier 62", location: "Seattle", kind: "outdoor" },
  { id: "capitol-hill-roof", name: "Capitol Hill rooftop", location: "Seattle", kind: "rooftop" },
  { id: "central-park", name: "Central Park lawn", location: "New York", kind: "outdoor" },
  { id: "brooklyn-tent", name: "Brooklyn tent", location: "New York", kind: "tent" },
] as const;

const rules: [kind: string, weather: string, decision: Decision, reason: string][] = [
  ["outdoor", "sun", "go", "clear skies"],
  ["outdoor", "fog", "go", "fog does not stop a lawn event"],
  ["outdoor", "drizzle", "go", "light rain: hand out covers"],
  ["outdoor", "rain", "move-indoors", "rain on an open venue"],
  ["outdoor", "snow", "no-go", "snow closes open venues"],
  ["rooftop", "sun", "go", "clear skies"],
  ["rooftop", "fog", "no-go", "no view and a slippery deck"],
  ["rooftop", "drizzle", "move-indoors", "wet deck"],
  ["rooftop", "rain", "move-indoors", "rain on the roof"],
  ["rooftop", "snow", "no-go", "snow on the roof"],
  ["tent", "sun", "go", "clear skies"],
  ["tent", "fog", "go", "the tent does not mind fog"],
  ["tent", "drizzle", "go", "the tent keeps guests dry"],
  ["tent", "rain", "go", "the tent keeps guests dry"],
  ["tent", "snow", "no-go", "snow load on the tent"],
];

/** Below this confidence the planner does not commit to a plan. */
export const MIN_CONFIDENCE = 0.35;

export interface PlanInput {
  location: string;
  date: string;
  venue?: string | null;
  [field: string]: unknown;
}

export interface PlanOutput {
  venue: string;
  date: string;
  weather: string | null;
  confidence: number | null;
  decision: Decision;
  reason: string;
}

/** The venues and rules the public API serves (`GET /api/reference`); clients read it through this schema. */
export const referenceSchema = z.object({
  venues: z.array(z.object({ id: z.string(), name: z.string(), location: z.string(), kind: z.string() })),
  rules: z.array(
    z.object({ kind: z.string(), weather: z.string(), decision: z.enum(decisions), reason: z.string() }),
  ),
  minConfidence: z.number(),
});
export type Reference = z.infer<typeof referenceSchema>;

export function defaultVenue(location: string): string {
  return venues.find((v) => v.location === location && v.kind === "outdoor")?.id ?? venues[0].id;
}

/** The decision the rules give; the scenario tests use the same function over the public reference. */
export function expectedDecision(
  ref: Reference,
  venue: string,
  weather: string | null,
  confidence: number | null,
): Decision {
  if (weather === null || confidence === null) return "hold";
  if (confidence < ref.minConfidence) return "hold";
  const kind = ref.venues.find((v) => v.id === venue)?.kind;
  return ref.rules.find((r) => r.kind === kind && r.weather === weather)?.decision ?? "hold";
}

export const logic: TaskLogic<PlanInput, PlanOutput> = {
  async migrate(store: Store) {
    await store.exec(`
      create table if not exists venues (id text primary key, name text not null, location text not null, kind text not null);
      create table if not exists venue_rules (kind text not null, weather text not null, decision text not null, reason text not null, primary key (kind, weather));
    `);
    for (const v of venues) {
      await store.run("insert or ignore into venues values (?, ?, ?, ?)", [v.id, v.name, v.location, v.kind]);
    }
    for (const r of rules) await store.run("insert or ignore into venue_rules values (?, ?, ?, ?)", r);
  },

  async decide(store, input, prediction: Prediction | null, guard: GuardReason | null) {
    const venue = input.venue ?? defaultVenue(input.location);
    const base = { venue, date: input.date };
    if (!prediction) {
      return {
        ...base,
        weather: null,
        confidence: null,
        decision: "hold",
        reason: `forecast ${guard ?? "unavailable"}: decide later`,
      };
    }
    // The classes head's guard let this prediction through, so its confidence is a number.
    if ((prediction.confidence ?? 0) < MIN_CONFIDENCE) {
      return {
        ...base,
        weather: prediction.label,
        confidence: prediction.confidence,
        decision: "hold",
        reason: "forecast too uncertain",
      };
    }
    const rule = await store.get<{ decision: Decision; reason: string }>(
      "select r.decision, r.reason from venue_rules r join venues v on v.kind = r.kind where v.id = ? and r.weather = ?",
      [venue, prediction.label],
    );
    return {
      ...base,
      weather: prediction.label,
      confidence: prediction.confidence,
      decision: rule?.decision ?? "hold",
      reason: rule?.reason ?? "no rule for this venue and weather",
    };
  },

  async reference(store): Promise<Reference> {
    return {
      venues: await store.all("select id, name, location, kind from venues order by id"),
      rules: await store.all(
        "select kind, weather, decision, reason from venue_rules order by kind, weather",
      ),
      minConfidence: MIN_CONFIDENCE,
    };
  },
};

/**
 * A plausible regression for the release.logic fault: a refactor dropped the venue-rule lookup,
 * so every confident forecast says "go". The same code ships in every pattern.
 */
export const skipsVenueRules: TaskLogic<PlanInput, PlanOutput> = {
  ...logic,
  async decide(store, input, prediction, guard) {
    const out = await logic.decide(store, input, prediction, guard);
    return out.decision === "hold" ? out : { ...out, decision: "go", reason: "forecast checked" };
  },
};

/**
 * The improvement for RQ2: answers say how sure the forecast is, so planners can judge a "go"
 * themselves. Shipped between two model releases; RQ2 checks whether a rollback keeps it.
 */
export const explainsForecast: TaskLogic<PlanInput, PlanOutput> = {
  ...logic,
  async decide(store, input, prediction, guard) {
    const out = await logic.decide(store, input, prediction, guard);
    return prediction
      ? {
          ...out,
          reason: `${out.reason} (forecast ${prediction.label}, ${Math.round((prediction.confidence ?? 0) * 100)}% sure)`,
        }
      : out;
  },
};

export const explainsForecastIsLive = (answer: PlanOutput) =>
  / \(forecast \w+, \d+% sure\)$/.test(answer.reason);
