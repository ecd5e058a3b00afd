import { drillCommand } from "../drill/command.ts";
import { drillDirOf, isDone, readPlan, scenarioPath, writePlan } from "./file.ts";
import { drilledArm, makePlan, orderBalance, StudyError } from "./plan.ts";

export interface StudyCommandOptions {
  teams?: number;
  tasks?: string[];
  out?: string;
  seed?: number;
  kinds?: string[];
  rq2?: boolean;
  plan?: string;
  team?: string;
  participant?: string;
  minutes?: number;
  port?: number;
  open?: boolean;
  json?: boolean;
}

/** `archdrill study plan|next|status`. */
export async function studyCommand(sub: string | undefined, o: StudyCommandOptions): Promise<number> {
  if (sub === "plan") {
    if (o.teams === undefined) throw new StudyError("study plan needs --teams N");
    if (!o.tasks) throw new StudyError("study plan needs --tasks a,b");
    if (!o.out) throw new StudyError("study plan needs --out plan.yaml");
    const plan = makePlan({
      teams: o.teams,
      tasks: o.tasks,
      seed: o.seed,
      kinds: o.kinds,
      rq2: o.rq2,
    });
    writePlan(o.out, plan);
    const balance = orderBalance(plan);
    if (o.json) console.log(JSON.stringify({ plan: o.out, teams: plan.teams.length, balance }));
    else {
      console.log(`wrote ${o.out}: ${plan.teams.length} teams x ${plan.tasks.length} tasks x 2 arms`);
      for (const [task, b] of Object.entries(balance))
        console.log(
          `  ${task}: ${Object.entries(b)
            .map(([p, n]) => `${n} ${p}-first`)
            .join(", ")}`,
        );
    }
    return 0;
  }
  if (sub === "next" || sub === "status") {
    if (!o.plan) throw new StudyError(`study ${sub} needs --plan plan.yaml`);
    const plan = readPlan(o.plan);
    const planFile = o.plan;
    if (sub === "status") {
      const rows = plan.teams.map((t) => ({
        team: t.id,
        done: t.drills.filter((d) => isDone(planFile, t.id, d)).length,
        drills: t.drills.length,
      }));
      if (o.json) console.log(JSON.stringify(rows));
      else for (const r of rows) console.log(`${r.team}  ${r.done}/${r.drills} drills done`);
      return 0;
    }
    if (!o.team) throw new StudyError("study next needs --team ID");
    const team = plan.teams.find((t) => t.id === o.team);
    if (!team)
      throw new StudyError(
        `--team: no team '${o.team}' in ${o.plan}; teams: ${plan.teams.map((t) => t.id).join(", ")}`,
      );
    const next = team.drills.find((d) => !isDone(planFile, team.id, d));
    if (!next) {
      console.log(`${team.id} has done all ${team.drills.length} drills`);
      return 0;
    }
    const arm = drilledArm(next);
    // Only what the facilitator needs to say out loud: never the scenario.
    if (!o.json)
      console.log(
        `${team.id}: drill ${next.n} of ${team.drills.length}, ${next.task}/${arm.pattern} (arm ${arm.name})`,
      );
    return drillCommand({
      system: `${next.task}/${arm.pattern}`,
      observability: arm.observability,
      deploy: arm.deploy,
      scenario: scenarioPath(next.scenario),
      rq2: next.rq2,
      team: team.id,
      participant: o.participant,
      seed: next.seed,
      out: drillDirOf(planFile, team.id, next),
      minutes: o.minutes,
      port: o.port,
      open: o.open,
      json: o.json,
    });
  }
  throw new StudyError(`study needs a subcommand: plan, next or status (got '${sub ?? ""}')`);
}
