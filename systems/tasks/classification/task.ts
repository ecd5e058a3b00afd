import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defineContract } from "../../kit/features/contract.ts";
import type { Row, TaskDefinition } from "../../kit/task.ts";
import {
  decisions,
  expectedDecision,
  explainsForecast,
  explainsForecastIsLive,
  logic,
  type PlanInput,
  type PlanOutput,
  type Reference,
  skipsVenueRules,
  venues,
} from "./logic.ts";
import { scenarioTests } from "./scenario-tests.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const classes = ["drizzle", "fog", "rain", "snow", "sun"] as const;

/** A day's measurements at a location, and the venue the event is planned at. */
export const contract = defineContract({
  name: "weather-day",
  fields: {
    location: { type: "category", categories: ["Seattle", "New York"], required: true, description: "city" },
    date: { type: "date", required: true, description: "day of the event, yyyy-mm-dd" },
    precipitation: { type: "number", min: 0, max: 300, required: true, unit: "mm" },
    temp_max: { type: "number", min: -40, max: 50, required: true, unit: "°C" },
    temp_min: { type: "number", min: -40, max: 50, required: true, unit: "°C" },
    wind: { type: "number", min: 0, max: 40, required: true, unit: "m/s" },
    venue: {
      type: "category",
      categories: venues.map((v) => v.id),
      required: false,
      description: "defaults to the city's outdoor venue",
    },
  },
});

export const outputSchema = z.object({
  venue: z.string(),
  date: z.string(),
  weather: z.enum(classes).nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  decision: z.enum(decisions),
  reason: z.string(),
});

export const classification: TaskDefinition<PlanInput, PlanOutput> = {
  name: "classification",
  title: "Outdoor-event planner: predict the day's weather, decide go / move indoors / no-go",
  dataset: "weather",
  periods: {
    initial: { name: "2012-2013", from: "2012-01-01", to: "2013-12-31" },
    later: [
      { name: "2014", from: "2014-01-01", to: "2014-12-31" },
      { name: "2015", from: "2015-01-01", to: "2015-12-31" },
    ],
  },
  holdout: { fraction: 0.2, seed: 7 },
  contract,
  versions: [
    {
      version: "v2",
      note: "a new weather feed: wind comes as wind_speed, and the day's mean temperature is added (the feed's own field; the dataset has none, so it is the mean of max and min)",
      rename: { wind: "wind_speed" },
      add: {
        temp_mean: {
          spec: { type: "number", min: -40, max: 50, required: true, unit: "°C" },
          of: (r) => Math.round(((Number(r.temp_max) + Number(r.temp_min)) / 2) * 10) / 10,
          feature: "standardize",
        },
      },
    },
  ],
  modelFields: ["location", "date", "precipitation", "temp_max", "temp_min", "wind"],
  target: "weather",
  classes,
  head: { kind: "classes" },
  features: [
    { field: "location", kind: "onehot" },
    { field: "date", kind: "month-cyclic" },
    { field: "precipitation", kind: "standardize" },
    { field: "temp_max", kind: "standardize" },
    { field: "temp_min", kind: "standardize" },
    { field: "wind", kind: "standardize" },
  ],
  model: {
    kind: "mlp",
    hidden: [32, 16],
    activation: "relu",
    output: "softmax",
    epochs: 60,
    batchSize: 32,
    learningRate: 0.01,
  },
  seed: 42,
  route: "/api/plan",
  toRequest(row: Row, index: number) {
    const here = venues.filter((v) => v.location === row.location);
    return {
      location: row.location,
      date: row.date,
      precipitation: row.precipitation,
      temp_max: row.temp_max,
      temp_min: row.temp_min,
      wind: row.wind,
      venue: here[index % here.length]?.id ?? null,
    };
  },
  outputSchema: outputSchema as z.ZodType<PlanOutput>,
  answer: { label: "weather", decision: "decision" },
  auditAnswer(answer, reference) {
    const expected = expectedDecision(
      reference as Reference,
      answer.venue,
      answer.weather,
      answer.confidence,
    );
    return answer.decision === expected
      ? null
      : `'${answer.decision}' at ${answer.venue} for ${answer.weather} where the venue rules say '${expected}'`;
  },
  logic,
  regressions: { default: skipsVenueRules },
  improvement: { name: "explains-forecast", logic: explainsForecast, isLive: explainsForecastIsLive },
  uiDir: path.join(here, "ui"),
  uiProbe: { ready: "#venue option", label: "#weather", decision: "#decision strong" },
  scenarioTests,
};
