import { quantile } from "simple-statistics";
import { validate } from "../../systems/kit/features/contract.ts";
import type { Violation } from "../../systems/kit/features/types.ts";
import { periodRows } from "../../systems/kit/split.ts";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { labelGroups } from "../faults/fields.ts";
import { faultTruth, getFault } from "../faults/index.ts";
import { planTimeline } from "../traffic/plan.ts";
import type { PlannedRequest } from "../traffic/timeline.ts";
import { periodNamed } from "../trial/context.ts";
import { displayName, loadScenario } from "./load.ts";
import { tvdNoise } from "./measure-explained.ts";
import type { Scenario, ScenarioFault } from "./schema.ts";

/** What a scenario's author declares it does (`expect:` in the file), when not "detectable, as named". */
export type Expectation = NonNullable<Scenario["expect"]>;

/** Loads a scenario with its `expect` section. */
export function loadWithExpectation(file: string): {
  scenario: Scenario;
  file: string;
  expect: Expectation | null;
} {
  const { scenario } = loadScenario(file);
  return { scenario, file: displayName(file), expect: scenario.expect ?? null };
}

export type FaultKind = "data" | "payload" | "system";

export interface TimelineSplit {
  /** The fault measured: the first one that makes the scenario's ground truth. */
  fault: ScenarioFault;
  kind: FaultKind;
  /** First request any fault can touch: the end of "before". */
  start: number;
  /** First request of "after": the fault's position, or a gradual fault's centre + width/2. */
  afterStart: number;
  /** Steady requests before any fault (none of them changed). */
  before: PlannedRequest[];
  /** Data faults: the rows the fault sent from afterStart; payload and system faults: every request from afterStart. */
  after: PlannedRequest[];
  /** Requests of "after" the measured fault changed (a payload fault that changed nothing is not counted). */
  changedAfter: number;
  total: number;
}

export function measuredFault(scenario: Scenario): ScenarioFault {
  const truth = `${scenario.groundTruth.part}/${scenario.groundTruth.cause}`;
  const making = scenario.faults.filter((f) => {
    const t = faultTruth(f.type, f.params);
    return `${t.part}/${t.cause}` === truth;
  });
  const pool = making.length ? making : scenario.faults;
  return [...pool].sort((a, b) => a.at - b.at)[0];
}

/** Plans the scenario's timeline as a trial does (planTimeline) and splits it around its fault. */
export function splitTimeline(scenario: Scenario, seed = scenario.timeline.seed): TimelineSplit {
  const timeline = planTimeline(scenario, seed);
  const n = timeline.requests.length;
  const fault = measuredFault(scenario);
  const kind = getFault(fault.type).kind;
  const start = Math.min(...scenario.faults.map((f) => Math.round((f.at - f.width / 2) * n)));
  const afterStart = Math.round((fault.at + fault.width / 2) * n);
  const before = timeline.requests.filter((r) => r.i < start && r.affected.length === 0);
  const late = timeline.requests.filter((r) => r.i >= afterStart);
  const after = kind === "data" ? late.filter((r) => r.affected.includes(fault.type)) : late;
  const changedAfter = after.filter((r) => r.affected.includes(fault.type)).length;
  return { fault, kind, start, afterStart, before, after, changedAfter, total: n };
}

/** A request's contract violations, as the public API judges it (the contract, then the task's own rules). */
export function violationsOf(task: TaskDefinition, payload: Record<string, unknown>): Violation[] {
  const checked = validate(task.contract, payload);
  return checked.ok ? (task.checkRequest?.(checked.value) ?? []) : checked.violations;
}

export interface Side {
  requests: PlannedRequest[];
  /** Requests the contract accepts: what the request monitors see. */
  accepted: PlannedRequest[];
  /** Accepted requests the engine answers: what the vector and output monitors and the feedback see. */
  answered: PlannedRequest[];
  rejectedShare: number;
  /** Fields named by the violations, most frequent first. */
  rejectedFields: string[];
}

export function sideOf(task: TaskDefinition, requests: PlannedRequest[]): Side {
  const accepted: PlannedRequest[] = [];
  const fields = new Map<string, number>();
  for (const r of requests) {
    const v = violationsOf(task, r.payload);
    if (v.length === 0) accepted.push(r);
    for (const f of new Set(v.map((x) => x.field))) fields.set(f, (fields.get(f) ?? 0) + 1);
  }
  return {
    requests,
    accepted,
    answered: accepted.filter((r) => task.usesModel?.(r.payload) ?? true),
    rejectedShare: requests.length ? (requests.length - accepted.length) / requests.length : 0,
    rejectedFields: [...fields].sort((a, b) => b[1] - a[1]).map(([f]) => f),
  };
}

export interface TargetSummary {
  mean: number;
  q1: number;
  median: number;
  q3: number;
}

export interface LabelShift {
  /** Label groups: the task's classes, or a numeric target's quartiles over the initial period (q1..q4). */
  groups: string[];
  before: Record<string, number>;
  after: Record<string, number>;
  /** Total variation distance between the two shares: half the sum of absolute differences. */
  tvd: number;
  /** Its sampling noise: the 95th percentile of the TVD between random splits of the pooled labels. */
  tvdNoise: number;
  /** Labels of "after" no training row has (new classes or groups). */
  unseen: string[];
  unseenShareAfter: number;
  /** A numeric target's mean and quartiles on each side. */
  target?: { before: TargetSummary; after: TargetSummary };
}

export const OTHER = "(other)";

function shares(labels: string[], groups: string[], of: (label: string) => string): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(groups.map((g) => [g, 0]));
  for (const l of labels) {
    const g = of(l);
    const key = Object.hasOwn(out, g) && groups.includes(g) ? g : OTHER;
    out[key] = (out[key] ?? 0) + 1 / labels.length;
  }
  return out;
}

export function tvd(a: Record<string, number>, b: Record<string, number>): number {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  let sum = 0;
  for (const k of keys) sum += Math.abs((a[k] ?? 0) - (b[k] ?? 0));
  return sum / 2;
}

function summary(xs: number[]): TargetSummary {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, q1: quantile(xs, 0.25), median: quantile(xs, 0.5), q3: quantile(xs, 0.75) };
}

/** How the label groups a row: the fault catalog's grouping (classes, or quartiles of a numeric target). */
export function labelGrouper(task: TaskDefinition, initial: Row[]) {
  const groups = labelGroups(task, initial);
  const row = (label: string): Row => ({ [task.target]: task.head.kind === "value" ? Number(label) : label });
  return { names: groups.names, of: (label: string) => groups.of(row(label)) };
}

/** The scenario's label groups: the task's classes, or its numeric target's quartiles over the initial period. */
export function scenarioGrouper(task: TaskDefinition, scenario: Scenario) {
  return labelGrouper(task, periodRows(task, periodNamed(task, scenario.timeline.initial)));
}

export function labelShift(
  task: TaskDefinition,
  grouper: { names: string[]; of: (label: string) => string },
  before: PlannedRequest[],
  after: PlannedRequest[],
  training: Row[],
  seed: string,
): LabelShift {
  const labels = (rs: PlannedRequest[]) => rs.map((r) => r.label).filter((l): l is string => l !== null);
  const [lb, la] = [labels(before), labels(after)];
  const b = shares(lb, grouper.names, grouper.of);
  const a = shares(la, grouper.names, grouper.of);
  const out: LabelShift = {
    groups: grouper.names,
    before: b,
    after: a,
    tvd: tvd(b, a),
    tvdNoise: tvdNoise(lb.map(grouper.of), la.map(grouper.of), seed),
    unseen: [],
    unseenShareAfter: 0,
  };
  if (task.head.kind === "value") {
    const nums = (ls: string[]) => ls.map(Number).filter((x) => Number.isFinite(x));
    const [nb, na] = [nums(lb), nums(la)];
    if (nb.length && na.length) out.target = { before: summary(nb), after: summary(na) };
    return out;
  }
  const known = new Set(training.map((r) => String(r[task.target])));
  const unseen = la.filter((l) => !known.has(l));
  out.unseen = [...new Set(unseen)].sort();
  out.unseenShareAfter = la.length ? unseen.length / la.length : 0;
  return out;
}

export const taskOf = (scenario: Scenario): TaskDefinition => getTask(scenario.task);
