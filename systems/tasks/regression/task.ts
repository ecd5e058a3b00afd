import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defineContract } from "../../kit/features/contract.ts";
import type { Row, TaskDefinition } from "../../kit/task.ts";
import {
  decisions,
  explainsForecast,
  explainsForecastIsLive,
  ignoresWardShare,
  logic,
  type PlanInput,
  type PlanOutput,
  type Reference,
  ruleBreak,
  wards,
} from "./logic.ts";
import { scenarioTests } from "./scenario-tests.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * A day to staff, as the hospitals' calendar feed sends it (the dataset's own calendar columns),
 * and the ward to plan. day_of_week is ISO: 1 = Monday .. 7 = Sunday (2000-01-01, a Saturday, is 6
 * in the data).
 */
export const contract = defineContract({
  name: "staffing-day",
  fields: {
    date: { type: "date", required: true, description: "day to staff, yyyy-mm-dd" },
    day_of_week: {
      type: "integer",
      min: 1,
      max: 7,
      required: true,
      description: "ISO weekday, 1 = Monday .. 7 = Sunday",
    },
    date_of_month: { type: "integer", min: 1, max: 31, required: true, description: "day of the month" },
    ward: {
      type: "category",
      categories: wards.map((w) => w.id),
      required: false,
      description: "defaults to St Anne's maternity unit",
    },
  },
});

export const outputSchema = z.object({
  ward: z.string(),
  date: z.string(),
  births: z.int().nonnegative().nullable(),
  ward_births: z.number().nonnegative().nullable(),
  shifts: z.int().nonnegative(),
  decision: z.enum(decisions),
  clamped: z.boolean(),
  reason: z.string(),
});

export const regression: TaskDefinition<PlanInput, PlanOutput> = {
  name: "regression",
  title: "Maternity-ward staffing: forecast the day's births, roster midwife shifts",
  dataset: "births",
  periods: {
    initial: { name: "2000-2006", from: "2000-01-01", to: "2006-12-31" },
    // Births peaked in 2007 and fell after: 2007-2010 is about as high as 2000-2006 but weekends
    // lost births to weekdays; 2011-2014 is 4% below the initial level (yearly means, births
    // dataset: 11,442 / 11,594 / 10,946 a day).
    later: [
      { name: "2007-2010", from: "2007-01-01", to: "2010-12-31" },
      { name: "2011-2014", from: "2011-01-01", to: "2014-12-31" },
    ],
  },
  holdout: { fraction: 0.2, seed: 7 },
  contract,
  versions: [
    {
      version: "v2",
      note: "a new calendar feed: day_of_week comes as weekday, and the month is sent (the dataset's own month column)",
      rename: { day_of_week: "weekday" },
      add: {
        month: {
          spec: { type: "integer", min: 1, max: 12, required: true, description: "month of the year" },
          of: (r) => Number(r.month),
          feature: "standardize",
        },
      },
    },
  ],
  modelFields: ["date", "day_of_week", "date_of_month"],
  target: "births",
  classes: [],
  /**
   * tolerance: a plan is in whole shifts; at St Anne's (the largest share, 2 births a shift) 5% of
   * a typical day's births is about a third of a shift, so a forecast within 5% gives the same
   * roster or one shift off. min/max: no day has fewer than none or anywhere near 50,000 births;
   * outside that the engine is broken, not forecasting.
   */
  head: { kind: "value", tolerance: 0.05, min: 0, max: 50_000 },
  // Calendar only, on purpose: no year or trend feature, so the model learns the 2000-2006 level
  // and cannot follow the real fall after 2007; that is this task's natural trend shift.
  // date_of_month lets the model place fixed-date holidays (1 Jan, 4 Jul, 25 Dec) with the month.
  features: [
    { field: "date", kind: "month-cyclic" },
    { field: "day_of_week", kind: "onehot" },
    { field: "date_of_month", kind: "standardize" },
  ],
  model: {
    kind: "mlp",
    hidden: [32, 16],
    activation: "relu",
    output: "linear",
    epochs: 60,
    batchSize: 32,
    learningRate: 0.01,
  },
  seed: 42,
  route: "/api/staffing",
  toRequest(row: Row, index: number) {
    return {
      date: row.date,
      day_of_week: row.day_of_week,
      date_of_month: row.date_of_month,
      ward: wards[index % wards.length].id,
    };
  },
  outputSchema: outputSchema as z.ZodType<PlanOutput>,
  answer: { label: "births", decision: "decision" },
  auditAnswer: (answer, reference) => ruleBreak(reference as Reference, answer),
  logic,
  regressions: { default: ignoresWardShare },
  improvement: { name: "explains-forecast", logic: explainsForecast, isLive: explainsForecastIsLive },
  uiDir: path.join(here, "ui"),
  uiProbe: { ready: "#ward option", label: "#births", decision: "#decision" },
  scenarioTests,
};
