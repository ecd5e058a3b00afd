/** `archdrill run`: the experiment from the command line. */
import path from "node:path";
import { reportCommand } from "../report/index.ts";
import { planMatrix } from "./matrix.ts";
import { runQueued } from "./queue-run.ts";
import { type ExperimentOptions, resolveMatrix, runExperiment } from "./run.ts";

/** The experiment's options as the CLI parsed them (lists split, counts checked), plus what to print. */
export interface RunCommandOptions extends ExperimentOptions {
  dryRun?: boolean;
  json?: boolean;
  /** Spread the trials over `archdrill worker`s through this Redis (BullMQ) instead of running them here. */
  queue?: string;
}

export async function runCommand(o: RunCommandOptions): Promise<number> {
  const options: ExperimentOptions = {
    tasks: o.tasks,
    arms: o.arms,
    scenarios: o.scenarios,
    seeds: o.seeds,
    workers: o.workers,
    quick: Boolean(o.quick),
    rq2: Boolean(o.rq2),
    out: o.out,
    resume: o.resume,
    services: o.services,
    mysql: o.mysql,
  };
  if (o.dryRun) {
    const trials = planMatrix(resolveMatrix(options));
    if (o.json) console.log(JSON.stringify(trials));
    else for (const t of trials) console.log(`${String(t.order + 1).padStart(4)}  ${t.id}`);
    return 0;
  }
  const result = o.queue ? await runQueued({ ...options, queue: o.queue }) : await runExperiment(options);
  const rel = path.relative(process.cwd(), result.runDir) || result.runDir;
  console.log(
    `${result.finished}/${result.plan.trials.length} trials finished in ${rel}` +
      (result.unfinished.length ? ` (unfinished: ${result.unfinished.join(", ")})` : ""),
  );
  // The report is written even for a partial run: it counts finished trials only and lists the rest.
  await reportCommand(result.runDir, { json: o.json });
  return result.unfinished.length ? 1 : 0;
}
