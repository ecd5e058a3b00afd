/**
 * `archdrill scenarios measure <file>...`: what each scenario's shift does to its task's data, as a
 * table (or one JSON object per line with --json). harness/cli.ts routes to measureCommand.
 */
import { ScenarioError } from "./errors.ts";
import { measureScenario, measureTable, type ScenarioMeasure } from "./measure.ts";
import { disposeReleases } from "./measure-release.ts";

/** Measures each file in turn; prints the table, or JSON lines. 0 when every file was measured, else 1. */
export async function measureCommand(files: string[], o: { json: boolean; seed?: number }): Promise<number> {
  if (files.length === 0)
    throw new ScenarioError([
      "scenarios measure needs a scenario file, e.g. archdrill scenarios measure scenarios/classification/trend-covariate.yaml",
    ]);
  const measures: ScenarioMeasure[] = [];
  let failed = 0;
  try {
    for (const file of files) {
      try {
        const m = await measureScenario(file, o.seed === undefined ? {} : { seed: o.seed });
        measures.push(m);
        if (o.json) console.log(JSON.stringify(m));
      } catch (err) {
        // A scenario's own errors already name the file, its key and line.
        const message = (err as Error).message;
        console.error(err instanceof ScenarioError ? message : `${file}: ${message}`);
        failed++;
      }
    }
  } finally {
    await disposeReleases();
  }
  if (!o.json && measures.length) {
    console.log(measureTable(measures));
    console.log("");
    for (const m of measures) console.log(`${m.file}: ${m.verdict.explanation}`);
  }
  return failed ? 1 : 0;
}
