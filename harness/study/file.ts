/** The plan on disk (YAML, for people to read) and where each of its drills writes its journal. */
import fs from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";
import { repoRoot } from "../paths.ts";
import { hasSummary, journalIn } from "../trial/journal.ts";
import { planSchema, type StudyDrill, StudyError, type StudyPlan } from "./plan.ts";

export function writePlan(file: string, plan: StudyPlan): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const head =
    "# archdrill study plan: each team runs its drills in order with `archdrill study next --plan <this file> --team <id>`.\n" +
    "# It names the scenarios: keep it from the participants.\n";
  fs.writeFileSync(file, head + stringify(plan, { lineWidth: 0 }));
}

export function readPlan(file: string): StudyPlan {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new StudyError(`--plan ${file} cannot be read: ${(err as Error).message}`);
  }
  const r = planSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new StudyError(`--plan ${file} is not a study plan: ${i.path.join(".") || "(file)"}: ${i.message}`);
  }
  return r.data;
}

/** plan.yaml -> plan-drills/<team>/<n>-<task>-<pattern>/: named without the scenario. */
export function drillDirOf(planFile: string, team: string, d: StudyDrill): string {
  const base = path.basename(planFile).replace(/\.ya?ml$/, "");
  return path.join(
    path.dirname(path.resolve(planFile)),
    `${base}-drills`,
    team,
    `${d.n}-${d.task}-${d.pattern}`,
  );
}

/** A drill is done when its journal is finished (has a summary); an interrupted one runs again. */
export function isDone(planFile: string, team: string, d: StudyDrill): boolean {
  const file = journalIn(drillDirOf(planFile, team, d));
  return fs.existsSync(file) && hasSummary(file);
}

export function scenarioPath(file: string): string {
  return path.isAbsolute(file) ? file : path.join(repoRoot, file);
}
