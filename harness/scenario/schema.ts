/**
 * The scenario schema: the single source of truth for scenario files, their TypeScript type and
 * the JSON Schema editors read. Modelled on Chaos Toolkit: a steady state to hold, a method
 * (the faults on a timeline), a rollback expectation, plus the ground truth the measures score.
 * Rules that need the task or the fault catalog (periods, fault params, ground truth) are checks
 * here too, so `parse` is the only validation there is; JSON Schema cannot express them.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { contractVersions } from "../../systems/kit/contract-versions.ts";
import { causeSchema } from "../../systems/kit/protocol/index.ts";
import { rng } from "../../systems/kit/random.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { faultTruth, faultTypes, getFault } from "../faults/index.ts";
import type { Cause, Part } from "../faults/types.ts";
import { repoRoot } from "../paths.ts";

/**
 * The kinds of fault the default experiment runs, one standard scenario of each per task: the
 * paper's three kinds of change (a trend, a schema change that breaks the contract, a model
 * release) and what tells logic from ML from infrastructure: a schema change the contract lets
 * through, a logic release, the database, and a fault inside the serving process.
 */
export const STANDARD_KINDS = [
  "trend",
  "schema",
  "schema-passing",
  "release",
  "logic",
  "infra",
  "inside",
] as const;

export const parts = ["ml", "logic", "infra"] as const satisfies readonly Part[];
export const causes = causeSchema.options satisfies readonly Cause[];

const nonEmptyList = (xs: readonly string[]) => xs as [string, ...string[]];
const list = (xs: readonly string[]) => xs.join(", ");

const params = z
  .record(z.string(), z.unknown())
  .default(() => ({}))
  .describe("the fault's parameters; every one has a default (see the fault's own schema)");

/** Replaces params by the fault's own parse of them (defaults filled), or reports under params.<key>. */
function withFaultParams<T extends { type: string; params: Record<string, unknown> }>(
  entry: T,
  ctx: z.RefinementCtx,
): T {
  const parsed = getFault(entry.type).params.safeParse(entry.params);
  if (parsed.success) return { ...entry, params: parsed.data as Record<string, unknown> };
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ ...issue, path: ["params", ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
  }
  return z.NEVER;
}

const unit = z.number().min(0).max(1);
/** A position, or a range a trial's seed draws the position from (uniformly). */
const position = z
  .union([unit, z.strictObject({ from: unit, to: unit })])
  .refine((p) => typeof p === "number" || p.from <= p.to, { message: "from must not be after to" })
  .describe(
    "where the fault starts (or, gradual, its midpoint): a fraction of the timeline, or {from, to}: each trial's seed draws it in that range",
  );

const fault = z
  .strictObject({
    type: z.enum(nonEmptyList(faultTypes)).describe("a fault of the catalog, e.g. trend.covariate"),
    at: position,
    width: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("0: abrupt; > 0: gradual, the fraction of the timeline over which it mixes in"),
    share: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe("the share of requests it touches once fully in (some clients, one region); 1: all of them"),
    params,
  })
  .transform(withFaultParams)
  // `at` is the range's midpoint until a trial draws it (positioned()); `range` keeps the range.
  .transform(({ at, ...f }) =>
    typeof at === "number"
      ? { ...f, at, range: null }
      : { ...f, at: (at.from + at.to) / 2, range: [at.from, at.to] as [number, number] },
  );

const shape = z.strictObject({
  title: z.string().min(1).describe("one line, shown in listings and reports"),
  description: z.string().optional(),
  task: z.enum(nonEmptyList(tasks.names)).describe("the task the scenario runs on"),
  timeline: z.strictObject({
    requests: z.int().min(10).max(1_000_000).describe("requests the traffic sends in the whole trial"),
    rate: z.number().positive().max(10_000).describe("requests per second"),
    seed: z.int().min(0).default(1).describe("seeds row order, fault draws and traffic"),
    initial: z.string().min(1).describe("the task's data period of the steady state"),
    later: z.string().min(1).describe("the task's later data period: the natural trend"),
    feedbackDelay: z
      .int()
      .min(0)
      .default(25)
      .describe("users report the true outcome this many requests after the answer"),
  }),
  steadyState: z
    .strictObject({
      checks: z
        .array(z.string().min(1))
        .default(() => [])
        .describe("names of the task's scenario checks to require; empty: all of them"),
      tolerance: z
        .record(z.string(), z.number().min(0))
        .default(() => ({ accuracy: 0.05 }))
        .describe("how far a measure may fall from its value before injection and still count as steady"),
    })
    .default(() => ({ checks: [], tolerance: { accuracy: 0.05 } })),
  faults: z.array(fault).min(1).describe("what the harness injects, and where on the timeline"),
  standard: z
    .enum(STANDARD_KINDS)
    .optional()
    .describe("the task's standard scenario of this kind: the default experiment runs it"),
  expect: z
    .strictObject({
      detectable: z
        .boolean()
        .describe("whether the monitors can see it by design (archdrill scenarios measure)"),
      cause: z
        .enum(["covariate", "prior", "concept", "novel", "schema"])
        .optional()
        .describe("what the data really do, when it is not what the fault's name says"),
      reason: z.string().min(1).describe("why, in numbers"),
    })
    .optional()
    .describe("what archdrill scenarios measure finds, when it is not 'detectable, as named'"),
  groundTruth: z
    .strictObject({ part: z.enum(parts), cause: z.enum(causes) })
    .describe("the correct diagnosis; at least one fault must create it"),
  rollback: z
    .strictObject({
      expect: z.boolean().describe("whether rolling back a release is expected to restore the steady state"),
    })
    .default(() => ({ expect: false })),
  outcome: z
    .strictObject({
      detected: z.boolean().describe("an alert fires after the fault begins"),
      localized: z
        .boolean()
        .describe("the diagnosis the operator acts on names the ground truth first (AC@1)"),
      rolledBack: z
        .boolean()
        .describe(
          "true: a rollback restores the good release and its probe passes, or comparative evaluation's canary judge aborts the release; false: nothing is rolled back",
        ),
      steadyAfter: z.boolean().describe("the steady-state checks hold after the incident"),
    })
    .optional()
    .describe("what a trial of this scenario is expected to end with, on every pattern (a test runs it)"),
  rq2: z
    .strictObject({
      variant: z.string().min(1).describe("the later data period delivered as the new dataset"),
      schema: z
        .string()
        .min(1)
        .max(32)
        .nullable()
        .default(null)
        .describe(
          "the contract version the new dataset comes in, one the task declares (e.g. v2: a renamed and an added field); null: the same contract as v1",
        ),
      logicImprovement: z
        .boolean()
        .default(false)
        .describe("ship a business-logic improvement between v1 and v2 and check it survives the rollback"),
    })
    .optional()
    .describe("RQ2: deliver a new dataset variant, deploy v2, roll back to v1"),
});

type Shape = z.output<typeof shape>;
export type ScenarioFault = Shape["faults"][number];
type Ctx = z.RefinementCtx;

function checkPeriods(s: Shape, ctx: Ctx): void {
  const task = tasks.get(s.task);
  const later = task.periods.later.map((p) => p.name);
  const all = [task.periods.initial.name, ...later];
  const period = (value: string, at: (string | number)[], names: string[]) => {
    if (!names.includes(value)) {
      const message = `must be a period of task '${s.task}' (${list(names)}), not '${value}'`;
      ctx.addIssue({ code: "custom", path: at, message });
    }
  };
  period(s.timeline.initial, ["timeline", "initial"], all);
  period(s.timeline.later, ["timeline", "later"], all);
  if (s.rq2) period(s.rq2.variant, ["rq2", "variant"], later);
  const versions = contractVersions(task).slice(1);
  if (s.rq2?.schema != null && !versions.includes(s.rq2.schema)) {
    const message = `must be a later contract version task '${s.task}' declares (${list(versions) || "none"}), not '${s.rq2.schema}'`;
    ctx.addIssue({ code: "custom", path: ["rq2", "schema"], message });
  }
  if (s.timeline.feedbackDelay >= s.timeline.requests) {
    const message = `must be less than timeline.requests (${s.timeline.requests})`;
    ctx.addIssue({ code: "custom", path: ["timeline", "feedbackDelay"], message });
  }
}

function checkFault(f: ScenarioFault, k: number, ctx: Ctx): void {
  const problem = (message: string) =>
    ctx.addIssue({ code: "custom", path: ["faults", k, "width"], message });
  // A gradual fault is centred on `at`: all of its ramp must lie on the timeline, wherever a range puts it.
  const [first, last] = f.range ?? [f.at, f.at];
  if (last + f.width / 2 > 1) problem("must end by the timeline's end (at + width/2 <= 1)");
  if (first - f.width / 2 < 0) problem("must start on the timeline (at - width/2 >= 0)");
  if (f.width > 0 && getFault(f.type).kind === "system")
    problem(`must be 0: ${f.type} acts on the system at one moment`);
  if (f.share < 1 && getFault(f.type).kind === "system") {
    const message = `must be 1: ${f.type} acts on the whole system`;
    ctx.addIssue({ code: "custom", path: ["faults", k, "share"], message });
  }
}

function checkGroundTruth(faults: ScenarioFault[], truth: Shape["groundTruth"], ctx: Ctx): void {
  const made = (f: ScenarioFault) => {
    const t = faultTruth(f.type, f.params);
    return `${t.part}/${t.cause}`;
  };
  const want = `${truth.part}/${truth.cause}`;
  if (faults.length === 0 || faults.some((f) => made(f) === want)) return;
  const message = `must be the part/cause of one of the faults, not ${want} (${list(faults.map((f) => `${f.type} makes ${made(f)}`))})`;
  ctx.addIssue({ code: "custom", path: ["groundTruth"], message });
}

export const scenarioSchema = shape.superRefine((s, ctx) => {
  // Zod runs refinements after non-fatal issues too (e.g. an empty fault list): check what parsed.
  if (!tasks.has(s.task) || !s.timeline) return;
  checkPeriods(s, ctx);
  const faults: ScenarioFault[] = [];
  (s.faults ?? []).forEach((f, k) => {
    if (!faultTypes.includes(f?.type)) return;
    checkFault(f, k, ctx);
    faults.push(f);
  });
  if (s.groundTruth) checkGroundTruth(faults, s.groundTruth, ctx);
});

export type Scenario = z.infer<typeof scenarioSchema>;

/**
 * The scenario as one trial runs it: each fault declared with a range gets its position drawn by
 * the trial's seed (its own stream per fault, uniform in the range); a fixed position stays.
 */
export function positioned(scenario: Scenario, seed: number): Scenario {
  return {
    ...scenario,
    faults: scenario.faults.map((f, k) => {
      if (!f.range) return f;
      const [from, to] = f.range;
      return { ...f, at: from + rng(`${seed}:position:${k}`)() * (to - from) };
    }),
  };
}

export const jsonSchemaFile = path.join(repoRoot, "scenarios", "scenario.schema.json");

/** The JSON Schema of a scenario file (what a user writes, so defaults are optional keys). */
export function jsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: "input" }),
    title: "archdrill scenario",
    description:
      "A trial's scenario: task, timeline, faults, ground truth, steady state. Generated from harness/scenario/schema.ts by `archdrill scenarios --write-schema`; some rules (periods, fault params, ground truth) are checked only by `archdrill validate`.",
  };
}

/**
 * JSON laid out the way the repo's formatter (biome) lays it out, so a regenerated file passes
 * `biome check` as written: objects expanded, arrays on one line when they fit in 110 columns.
 */
function formatJson(value: unknown, indent = "", prefix = 0): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => formatJson(v, `${indent}  `));
    const flat = `[${items.join(", ")}]`;
    if (items.length === 0 || (!flat.includes("\n") && indent.length + prefix + flat.length < 110))
      return flat;
    return `[\n${items.map((i) => `${indent}  ${i}`).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return `${indent}  ${key}${formatJson(v, `${indent}  `, key.length + 1)}`;
    });
    return `{\n${lines.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Writes the JSON Schema next to the scenarios; returns the file written. */
export function writeJsonSchema(file = jsonSchemaFile): string {
  fs.writeFileSync(file, `${formatJson(jsonSchema())}\n`);
  return file;
}
