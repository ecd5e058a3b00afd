/** `archdrill run`: the experiment from the command line. */
import path from "node:path";
import { reportCommand } from "../report/index.ts";
import { planMatrix } from "./matrix.ts";
import { resolveMatrix, runExperiment } from "./run.ts";

export interface RunCommandOptions {
  tasks?: string;
  patterns?: string;
  scenarios?: string;
  seeds?: string;
  workers?: string;
  quick?: boolean;
  rq2?: boolean;
  out?: string;
  resume?: string;
  dryRun?: boolean;
  json?: boolean;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);

function count(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a whole number of at least 1 (got '${v}')`);
  return n;
}

export async function runCommand(o: RunCommandOptions): Promise<number> {
  const options = {
    tasks: list(o.tasks),
    patterns: list(o.patterns),
    scenarios: list(o.scenarios),
    seeds: count(o.seeds, "seeds"),
    workers: count(o.workers, "workers"),
    quick: Boolean(o.quick),
    rq2: Boolean(o.rq2),
    out: o.out,
    resume: o.resume,
  };
  if (o.dryRun) {
    const trials = planMatrix(resolveMatrix(options));
    if (o.json) console.log(JSON.stringify(trials));
    else for (const t of trials) console.log(`${String(t.order + 1).padStart(4)}  ${t.id}`);
    return 0;
  }
  const result = await runExperiment(options);
  const rel = path.relative(process.cwd(), result.runDir) || result.runDir;
  console.log(
    `${result.finished}/${result.plan.trials.length} trials finished in ${rel}` +
      (result.unfinished.length ? ` (unfinished: ${result.unfinished.join(", ")})` : ""),
  );
  // The report is written even for a partial run: it counts finished trials only and lists the rest.
  await reportCommand(result.runDir, { json: o.json });
  return result.unfinished.length ? 1 : 0;
}
