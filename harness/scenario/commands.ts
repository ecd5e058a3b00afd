/** The `scenarios` and `validate` commands; harness/cli.ts only routes to them. */
import path from "node:path";
import { tasks } from "../../systems/tasks/index.ts";
import { repoRoot } from "../paths.ts";
import { planTimeline } from "../traffic/plan.ts";
import { TimelineError } from "../traffic/timeline.ts";
import { ScenarioError } from "./errors.ts";
import { listScenarios } from "./list.ts";
import { loadScenario } from "./load.ts";
import { writeJsonSchema } from "./schema.ts";

export function scenariosCommand(opts: { task?: string; json: boolean; writeSchema: boolean }): number {
  if (opts.task !== undefined) tasks.get(opts.task);
  if (opts.writeSchema) {
    console.log(`wrote ${path.relative(repoRoot, writeJsonSchema())}`);
    return 0;
  }
  const entries = listScenarios({ task: opts.task });
  if (opts.json) {
    console.log(JSON.stringify(entries, null, 2));
    return 0;
  }
  if (entries.length === 0) {
    console.log("no scenarios");
    return 0;
  }
  const width = Math.max(...entries.map((e) => e.file.length));
  const faultWidth = Math.max(...entries.map((e) => e.fault.length));
  const truth = (e: (typeof entries)[number]) => (e.valid ? `${e.part}/${e.cause}` : "INVALID");
  const truthWidth = Math.max(...entries.map((e) => truth(e).length));
  for (const e of entries) {
    console.log(
      `${e.file.padEnd(width)}  ${e.fault.padEnd(faultWidth)}  ${truth(e).padEnd(truthWidth)}  ${e.title}`,
    );
    if (e.error) console.log(`  ${e.error.split("\n").join("\n  ")}`);
  }
  const invalid = entries.filter((e) => !e.valid).length;
  console.log(`${entries.length} scenarios${invalid ? `, ${invalid} invalid` : ""}`);
  return 0;
}

/** Checks each file (its schema, then its faults against its task's timeline); prints "ok: <title>" per valid one, the sentences on stderr otherwise. */
export function validateCommand(files: string[]): number {
  if (files.length === 0)
    throw new ScenarioError([
      "validate needs a scenario file, e.g. archdrill validate scenarios/classification/trend-covariate.yaml",
    ]);
  let failed = 0;
  for (const file of files) {
    try {
      const { scenario } = loadScenario(file);
      planTimeline(scenario);
      console.log(`ok: ${scenario.title}`);
    } catch (err) {
      if (err instanceof TimelineError) console.error(`${file}: ${err.message}`);
      else if (err instanceof ScenarioError) console.error((err as Error).message);
      else throw err;
      failed++;
    }
  }
  return failed ? 1 : 0;
}
