/** One release-pipeline job (pipeline.ts): reads ARCHDRILL_JOB, runs its step, prints the releases. */
import path from "node:path";
import { parseJsonAs } from "../kit/protocol/index.ts";
import { Registry } from "../kit/registry/index.ts";
import { getTask } from "../tasks/index.ts";
import { getPattern } from "./index.ts";
import { pipelineJobSchema } from "./pipeline.ts";
import { type PrepareContext, runFiles } from "./types.ts";

const job = parseJsonAs(pipelineJobSchema, process.env.ARCHDRILL_JOB ?? "", "ARCHDRILL_JOB");
const pattern = getPattern(job.pattern);
const registry = Registry.open(path.join(job.runDir, runFiles.registry));
const ctx: PrepareContext = {
  task: getTask(job.task),
  runDir: job.runDir,
  cacheDir: job.cacheDir,
  codeVersion: job.codeVersion,
  database: job.database,
  registry,
  who: job.who,
};
try {
  const step = job.step;
  let releases: { unit: string; number: number }[] = [];
  if (step.op === "prepare") await pattern.prepare(ctx, step.variant);
  else if (step.op === "train")
    releases = [{ unit: pattern.modelUnit, number: await pattern.train(ctx, step.variant) }];
  else if (step.op === "logic")
    releases = [{ unit: pattern.logicUnit, number: await pattern.releaseLogic(ctx, step.logic, step.note) }];
  else
    releases = (await pattern.releaseChangeSet(ctx, step)).map((r) => ({ unit: r.unit, number: r.release }));
  process.stdout.write(`${JSON.stringify({ releases })}\n`);
} finally {
  registry.close();
}
