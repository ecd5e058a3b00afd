/**
 * The experiment's matrix: tasks x arms x scenarios x seeds, each cell one trial, in a fixed
 * counterbalanced order decided before anything runs (so a resumed run finishes the same plan).
 */
import fs from "node:fs";
import path from "node:path";
import type { Catalog } from "../../systems/kit/catalog.ts";
import type { DeployStrategy, Observability } from "../../systems/kit/protocol/index.ts";
import { patterns as knownPatterns } from "../../systems/patterns/index.ts";
import { tasks as knownTasks } from "../../systems/tasks/index.ts";
import { repoRoot } from "../paths.ts";
import { loadScenario } from "../scenario/index.ts";
import { scenariosDir } from "../scenario/list.ts";
import { STANDARD_KINDS } from "../scenario/schema.ts";
import type { Arm } from "./arms.ts";
import { counterbalance } from "./order.ts";

/**
 * One scenario of each standard kind per task (scenario/schema.ts STANDARD_KINDS): "@kind" names each
 * task's scenario marked `standard: kind` (its natural trend, for instance, whatever kind of shift
 * its data really make).
 */
export const STANDARD_SCENARIOS = STANDARD_KINDS.map((k) => `@${k}`);
/** Six pairs per task and fault kind: the fewest with which a paired test can reach p < 0.05 (2/64). */
export const DEFAULT_SEEDS = 6;

/**
 * Registered tasks the default matrix leaves out, each with its reason. Every registered task not
 * named here runs in `npm start`: a new task joins it by registering. (Patterns join by an arm: arms.ts.)
 */
export const NOT_IN_DEFAULT: { tasks: Readonly<Record<string, string>> } = { tasks: {} };

export const defaultTasks = (): string[] => knownTasks.names.filter((t) => !(t in NOT_IN_DEFAULT.tasks));

/** The smoke matrix: one task, the default arms, one schema and one release fault, one seed. */
export const QUICK = { tasks: ["classification"], scenarios: ["@schema", "@release"], seeds: 1 };

export interface MatrixOptions {
  tasks: string[];
  /** Each arm runs every cell: its pattern, observability profile and deploy strategy (arms.ts). */
  arms: readonly Arm[];
  /** Scenario names (a file under scenarios/<task>/ without .yaml) or paths to scenario files. */
  scenarios: string[];
  seeds: number[];
  /** Also run each scenario's RQ2 drill (v1, new data and v2, roll back to v1) where it has one. */
  rq2?: boolean;
}

export interface PlannedTrial {
  /** Stable across runs and orders: names the trial's directory. */
  id: string;
  /** Position in the counterbalanced order, from 0. */
  order: number;
  task: string;
  /** The arm's name (plans before arms: absent, the pattern named it). */
  arm?: string;
  pattern: string;
  system: string;
  /** The scenario file as journals name it (repo-relative when inside the repo). */
  scenario: string;
  scenarioName: string;
  /** The scenario's fault types joined by "+". */
  fault: string;
  seed: number;
  /** rq1: the scenario's faults and the runbook; rq2: the scenario's rollback drill. Absent means rq1. */
  kind?: "rq1" | "rq2";
  /** The arm's deploy strategy; absent (older plans) means restart. */
  deploy?: DeployStrategy;
  /** The arm's observability profile; absent (older plans) means distributed. */
  observability?: Observability;
}

export class MatrixError extends Error {
  override name = "MatrixError";
}

function known(names: string[], registry: Catalog<unknown>): void {
  for (const n of names)
    if (!registry.has(n))
      throw new MatrixError(`unknown ${registry.kind} '${n}'; known: ${registry.names.join(", ")}`);
}

/** The task's scenario marked `standard: kind`, or null when it has none. */
function standardFile(task: string, kind: string): string | null {
  const dir = path.join(scenariosDir, task);
  if (!fs.existsSync(dir)) return null;
  const marked = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => loadScenario(f).scenario.standard === kind);
  if (marked.length > 1)
    throw new MatrixError(`task '${task}' marks ${marked.length} scenarios standard: ${kind}; one may be`);
  return marked[0] ?? null;
}

/**
 * A scenario name resolves per task (scenarios/<task>/<name>.yaml), "@kind" to the task's standard
 * scenario of that kind; a path is used as given.
 */
function scenarioFile(task: string, scenario: string): string | null {
  if (scenario.startsWith("@")) return standardFile(task, scenario.slice(1));
  if (scenario.endsWith(".yaml") || scenario.endsWith(".yml") || scenario.includes("/")) {
    const file = path.resolve(scenario);
    return fs.existsSync(file) ? file : null;
  }
  const file = path.join(scenariosDir, task, `${scenario}.yaml`);
  return fs.existsSync(file) ? file : null;
}

const relative = (file: string) => {
  const rel = path.relative(repoRoot, file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
};

/**
 * Every trial of the matrix in counterbalanced order. A scenario given by path belongs to the
 * task it names and is skipped for the others; a name missing for a task is an error naming both.
 */
export function planMatrix(o: MatrixOptions): PlannedTrial[] {
  known(o.tasks, knownTasks);
  known(
    o.arms.map((a) => a.pattern),
    knownPatterns,
  );
  if (!o.tasks.length || !o.arms.length || !o.scenarios.length || !o.seeds.length)
    throw new MatrixError("the matrix is empty: give at least one task, arm, scenario and seed");
  const cells: Omit<PlannedTrial, "order" | "pattern" | "system" | "id">[] = [];
  const drills: typeof cells = [];
  for (const seed of o.seeds)
    for (const scenario of o.scenarios)
      for (const task of o.tasks) {
        const file = scenarioFile(task, scenario);
        const byPath = scenario.includes("/") || scenario.endsWith(".yaml");
        if (!file) {
          if (byPath) throw new MatrixError(`scenario file '${scenario}' does not exist`);
          if (scenario.startsWith("@"))
            throw new MatrixError(
              `task '${task}' has no scenario marked standard: ${scenario.slice(1)} (add one under scenarios/${task}/)`,
            );
          throw new MatrixError(
            `task '${task}' has no scenario '${scenario}' (looked for scenarios/${task}/${scenario}.yaml)`,
          );
        }
        const loaded = loadScenario(file);
        if (loaded.scenario.task !== task) {
          if (byPath) continue;
          throw new MatrixError(`${loaded.file} is for task '${loaded.scenario.task}', not '${task}'`);
        }
        const cell = {
          task,
          scenario: relative(file),
          scenarioName: path.basename(file).replace(/\.ya?ml$/, ""),
          fault: loaded.scenario.faults.map((f) => f.type).join("+"),
          seed,
        };
        cells.push(cell);
        const drill = loaded.scenario.rq2;
        if (o.rq2 && drill) drills.push({ ...cell, fault: `rq2:${drill.variant}`, kind: "rq2" });
      }
  if (!cells.length) throw new MatrixError("no scenario applies to the tasks asked for");
  // The drills come after every fault trial, counterbalanced the same way.
  const arms = new Map(o.arms.map((a) => [a.name, a]));
  const ordered = counterbalance([...cells, ...drills], [...arms.keys()], o.tasks);
  return ordered.map(({ cell, arm: name }, order) => {
    const arm = arms.get(name) as Arm;
    return {
      id: `${cell.task}.${arm.name}.${cell.scenarioName}.s${cell.seed}${cell.kind === "rq2" ? ".rq2" : ""}`,
      order,
      ...cell,
      arm: arm.name,
      pattern: arm.pattern,
      system: `${cell.task}/${arm.pattern}`,
      deploy: arm.deploy,
      observability: arm.observability,
    };
  });
}
