import { z } from "zod";
import type { Store } from "../../kit/store/store.ts";
import type { GuardReason, Prediction, TaskLogic } from "../../kit/task.ts";

/**
 * The business: maternity-ward staffing. The engine forecasts the day's births nationally; each
 * ward sees a share of them and a midwife covers a number of births per shift. The capacity rules
 * (kept in the database, editable by the business) turn a forecast into midwife shifts, bounded
 * by what the ward must always have and can at most roster. Every plan is stored.
 */
export const decisions = ["scaled", "minimum", "maximum", "fallback"] as const;
export type Decision = (typeof decisions)[number];

/** Integer births per shift keep ceil() exact on two-decimal ward births (no float edge at k * bps). */
export const wards = [
  {
    id: "st-anne",
    name: "St Anne's maternity unit",
    share: 0.0012,
    birthsPerShift: 2,
    minShifts: 4,
    maxShifts: 10,
  },
  {
    id: "riverside",
    name: "Riverside birth centre",
    share: 0.0006,
    birthsPerShift: 2,
    minShifts: 3,
    maxShifts: 6,
  },
  {
    id: "hillcrest",
    name: "Hillcrest rural ward",
    share: 0.00025,
    birthsPerShift: 1,
    minShifts: 2,
    maxShifts: 4,
  },
] as const;

/** The ward a request that names none is planned at. */
export const DEFAULT_WARD = "st-anne";

/**
 * National daily births a plan may assume: the 2000-2014 data runs from 5,728 to 16,081, so a
 * forecast outside 5,000..17,000 is absurd and is clamped into it before planning.
 */
export const BOUNDS = { minBirths: 5000, maxBirths: 17000 } as const;

export interface PlanInput {
  date: string;
  ward?: string | null;
  [field: string]: unknown;
}

export interface PlanOutput {
  ward: string;
  date: string;
  /** The national births forecast the plan used (clamped, whole births); null when there was none. */
  births: number | null;
  /** The ward's expected births (its share of `births`, two decimals). */
  ward_births: number | null;
  shifts: number;
  decision: Decision;
  /** Whether the engine's forecast lay outside the plausible range and was clamped into it. */
  clamped: boolean;
  reason: string;
}

const wardRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  share: z.number(),
  births_per_shift: z.number(),
  min_shifts: z.number(),
  max_shifts: z.number(),
});
export type WardRule = z.infer<typeof wardRuleSchema>;

/** The ward rules the public API serves (`GET /api/reference`); clients read it through this schema. */
export const referenceSchema = z.object({
  wards: z.array(wardRuleSchema),
  bounds: z.object({ min_births: z.number(), max_births: z.number() }),
});
export type Reference = z.infer<typeof referenceSchema>;

/** A forecast as the plan uses it: clamped into the plausible range, in whole births. */
export function usableBirths(bounds: Reference["bounds"], forecast: number): number {
  return Math.round(Math.min(bounds.max_births, Math.max(bounds.min_births, forecast)));
}

/**
 * The plan the rules give for a ward and the national births the plan used (null: no forecast).
 * The logic, the scenario tests and the answer audit all use this one function over the public
 * reference, so a logic release that drifts from the rules shows.
 */
export function expectedPlan(
  rule: WardRule,
  births: number | null,
): { ward_births: number | null; shifts: number; decision: Decision } {
  // No forecast: staff for the worst case, never leave a ward short.
  if (births === null) return { ward_births: null, shifts: rule.max_shifts, decision: "fallback" };
  const wardBirths = Math.round(rule.share * births * 100) / 100;
  const needed = Math.ceil(wardBirths / rule.births_per_shift);
  if (needed < rule.min_shifts)
    return { ward_births: wardBirths, shifts: rule.min_shifts, decision: "minimum" };
  if (needed > rule.max_shifts)
    return { ward_births: wardBirths, shifts: rule.max_shifts, decision: "maximum" };
  return { ward_births: wardBirths, shifts: needed, decision: "scaled" };
}

const reasons: Record<Decision, string> = {
  scaled: "shifts follow the forecast",
  minimum: "the ward's minimum staffing applies",
  maximum: "capped at the ward's maximum roster",
  fallback: "staff the ward's maximum",
};

type RuleRow = WardRule & { min_births: number; max_births: number };

/**
 * The plan for one request. `ruleOf` is how the logic reads a ward's rule row: the identity in
 * the real logic, a broken read in the regression, so both share every other line.
 */
async function plan(
  store: Store,
  input: PlanInput,
  prediction: Prediction | null,
  guard: GuardReason | null,
  ruleOf: (row: RuleRow) => RuleRow = (row) => row,
): Promise<PlanOutput> {
  const ward = input.ward ?? DEFAULT_WARD;
  // One read for the ward's rules and the bounds: a slow database costs one round trip, not two.
  const row = await store.get<RuleRow>(
    "select w.id, w.name, w.share, w.births_per_shift, w.min_shifts, w.max_shifts, b.min_births, b.max_births from wards w cross join forecast_bounds b where w.id = ? and b.id = 1",
    [ward],
  );
  // The contract only lets known wards in: a missing row is lost reference data, not bad input.
  if (!row) throw new Error(`ward '${ward}' has no capacity rules in the database`);
  const rule = ruleOf(row);
  const forecast = prediction?.value ?? null;
  const births = forecast === null ? null : usableBirths(rule, forecast);
  const planned = expectedPlan(rule, births);
  const clamped = forecast !== null && (forecast < rule.min_births || forecast > rule.max_births);
  await store.run(
    "insert into staffing_plans (ward, date, forecast, births, ward_births, shifts, decision) values (?, ?, ?, ?, ?, ?, ?)",
    [ward, input.date, forecast, births, planned.ward_births, planned.shifts, planned.decision],
  );
  const reason =
    forecast === null
      ? `forecast ${guard ?? "unavailable"}: ${reasons.fallback}`
      : `${reasons[planned.decision]}${clamped ? ` (forecast ${Math.round(forecast)} clamped into ${rule.min_births}..${rule.max_births})` : ""}`;
  return { ward, date: input.date, births, ...planned, clamped, reason };
}

export const logic: TaskLogic<PlanInput, PlanOutput> = {
  async migrate(store: Store) {
    await store.exec(`
      create table if not exists wards (id text primary key, name text not null, share real not null, births_per_shift integer not null, min_shifts integer not null, max_shifts integer not null);
      create table if not exists forecast_bounds (id integer primary key, min_births integer not null, max_births integer not null);
      create table if not exists staffing_plans (id integer primary key autoincrement, ward text not null, date text not null, forecast real, births integer, ward_births real, shifts integer not null, decision text not null);
    `);
    for (const w of wards) {
      await store.run("insert or ignore into wards values (?, ?, ?, ?, ?, ?)", [
        w.id,
        w.name,
        w.share,
        w.birthsPerShift,
        w.minShifts,
        w.maxShifts,
      ]);
    }
    await store.run("insert or ignore into forecast_bounds values (1, ?, ?)", [
      BOUNDS.minBirths,
      BOUNDS.maxBirths,
    ]);
  },

  decide: (store, input, prediction, guard) => plan(store, input, prediction, guard),

  async reference(store): Promise<Reference> {
    const bounds = await store.get<Reference["bounds"]>(
      "select min_births, max_births from forecast_bounds where id = 1",
    );
    return {
      wards: await store.all<WardRule>(
        "select id, name, share, births_per_shift, min_shifts, max_shifts from wards order by id",
      ),
      bounds: bounds ?? { min_births: BOUNDS.minBirths, max_births: BOUNDS.maxBirths },
    };
  },
};

/**
 * Whether an answer keeps the rules of the reference: a sentence when it breaks them, else null.
 * Used by the task's answer audit and by the scenario tests.
 */
export function ruleBreak(ref: Reference, answer: PlanOutput): string | null {
  const rule = ref.wards.find((w) => w.id === answer.ward);
  if (!rule) return `ward '${answer.ward}' is not in the reference`;
  const { min_births, max_births } = ref.bounds;
  if (answer.births !== null && (answer.births < min_births || answer.births > max_births))
    return `${answer.births} births lies outside the plausible ${min_births}..${max_births}`;
  const want = expectedPlan(rule, answer.births);
  if (
    answer.shifts === want.shifts &&
    answer.decision === want.decision &&
    answer.ward_births === want.ward_births
  )
    return null;
  return `${answer.shifts} shifts ('${answer.decision}') at ${answer.ward} for ${answer.births} births where the ward rules say ${want.shifts} ('${want.decision}')`;
}

/**
 * A plausible regression for the release.logic fault: a refactor moved the share lookup into a
 * join that no longer matches, and `coalesce(share, 1)` plans every ward as if it saw all the
 * country's births; the caps then roster every ward at its maximum. The same code ships in every
 * pattern.
 */
export const ignoresWardShare: TaskLogic<PlanInput, PlanOutput> = {
  ...logic,
  decide: (store, input, prediction, guard) =>
    plan(store, input, prediction, guard, (row) => ({ ...row, share: 1 })),
};

/**
 * The improvement for RQ2: answers say which forecast the plan rests on, so a ward manager can
 * judge it. Shipped between two model releases; RQ2 checks whether a rollback keeps it.
 */
export const explainsForecast: TaskLogic<PlanInput, PlanOutput> = {
  ...logic,
  async decide(store, input, prediction, guard) {
    const out = await logic.decide(store, input, prediction, guard);
    return out.births === null
      ? out
      : {
          ...out,
          reason: `${out.reason} (forecast ${out.births} births nationally, ${out.ward_births} here)`,
        };
  },
};

export const explainsForecastIsLive = (answer: PlanOutput) =>
  / \(forecast \d+ births nationally, [\d.]+ here\)$/.test(answer.reason);
