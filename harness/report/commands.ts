/**
 * `archdrill report <run-dir>` (or a folder of drill journals) and `archdrill compare <run-a> <run-b>`, for the CLI to call. Errors
 * (a missing directory, a file that is not a run's) are thrown as ReportError naming the path.
 */
import { compareRuns, compareText } from "./compare-runs.ts";
import { NONE } from "./format.ts";
import { operatorName } from "./markdown.ts";
import { writeReport } from "./write.ts";

/** Writes the report, prints the files and each verdict; 0 when written. */
export async function reportCommand(dir: string, opts: { json?: boolean } = {}): Promise<number> {
  const { files, model } = await writeReport(dir);
  const verdicts = model.analyses.flatMap((a) => a.verdicts);
  if (opts.json) {
    console.log(JSON.stringify({ runId: model.runId, files, counts: model.counts, verdicts }));
    return 0;
  }
  const lines = [
    `report of ${model.runId}: ${model.counts.finished} of ${model.counts.planned} trials finished`,
  ];
  for (const f of files) lines.push(`  ${f}`);
  for (const a of model.analyses) {
    for (const v of a.verdicts)
      lines.push("", `${v.heading} (${operatorName(a.operator)})`, `  ${v.statement}`, `  ${v.evidence}`);
    const q = a.questionnaire;
    if (q) {
      lines.push("", `Questionnaire (${operatorName(a.operator)}), medians on 1-5:`);
      for (const r of q.rows.filter((x) => x.task === "all"))
        lines.push(
          `  ${r.pattern} (${r.answered} of ${r.drills} answered): ${q.questions
            .map((x) => `${x.short} ${r.questions[x.key].median ?? NONE}`)
            .join(", ")}`,
        );
    }
  }
  if (model.analyses.length === 0) lines.push("", "No trial finished: no verdict yet.");
  console.log(lines.join("\n"));
  return 0;
}

/** Prints which figures of b fall outside a's CIs and whether the verdicts agree; always 0 (information, not a gate). */
export async function compareCommand(a: string, b: string, opts: { json?: boolean } = {}): Promise<number> {
  const result = await compareRuns(a, b);
  console.log(opts.json ? JSON.stringify(result) : compareText(result));
  return 0;
}
