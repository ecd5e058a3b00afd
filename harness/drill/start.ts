/**
 * Starts a human drill: the console first (so the participant can open it while the system
 * deploys), then the trial with the human operator in place of the runbook.
 */
import { randomInt } from "node:crypto";
import path from "node:path";
import type { DeployStrategy, Observability, Summary } from "../../systems/kit/protocol/index.ts";
import { getPattern } from "../../systems/patterns/index.ts";
import { parseSystem } from "../deploy/deploy.ts";
import { home } from "../paths.ts";
import { loadScenario } from "../scenario/index.ts";
import { runTrial } from "../trial/run.ts";
import { HumanOperator } from "./human.ts";
import { Redactor } from "./redact.ts";
import type { RollbackKind } from "./rollback.ts";
import { startConsole } from "./server.ts";

export interface DrillOptions {
  system: string;
  scenarioFile: string;
  participant?: string | null;
  team?: string | null;
  /** Seeds the hidden fault position and the traffic; drawn at random (and journaled) when absent. */
  seed?: number;
  outDir?: string;
  timeLimitMs?: number;
  questionnaireTimeoutMs?: number;
  /** The console's port (0: any free one). */
  port?: number;
  /** How long the console stays up after the drill so the last page can show its end. */
  lingerMs?: number;
  verifyTimeoutMs?: number;
  /** The arm's factors besides its pattern, as a trial takes them. */
  deploy?: DeployStrategy;
  observability?: Observability;
  /** The scenario's RQ2 drill (trial --rq2) instead of its fault: the participant performs the rollback. */
  rq2?: boolean;
}

export interface RunningDrill {
  /** The console's URL with its token: give it to the participant. */
  url: string;
  dir: string;
  operator: HumanOperator;
  done: Promise<{ summary: Summary; dir: string; pids: number[] }>;
}

/** Where a drill's journal goes: named by system and participant, never by scenario (a participant may see it). */
export function drillDir(o: Pick<DrillOptions, "system" | "participant" | "outDir">): string {
  if (o.outDir) return o.outDir;
  const who = (o.participant ?? "anonymous").replace(/[^\w.-]+/g, "_");
  return path.join(home(), "drills", `${o.system.replace("/", "-")}-${who}-${Date.now()}`);
}

export async function startDrill(o: DrillOptions): Promise<RunningDrill> {
  const { pattern } = parseSystem(o.system);
  const loaded = loadScenario(o.scenarioFile);
  const rollbackKinds: Record<string, RollbackKind> = Object.fromEntries(
    getPattern(pattern).units.map((u) => [u.name, u.swap === "alias" ? "alias" : "redeploy"]),
  );
  const operator = new HumanOperator({
    system: o.system,
    participant: o.participant ?? null,
    team: o.team ?? null,
    timeLimitMs: o.timeLimitMs,
    questionnaireTimeoutMs: o.questionnaireTimeoutMs,
    rollbackKinds,
  });
  const redactor = Redactor.forScenario(loaded.file, loaded.scenario.title);
  const server = await startConsole(operator, redactor, { port: o.port });
  const dir = drillDir(o);
  const done = runTrial({
    system: o.system,
    scenarioFile: o.scenarioFile,
    seed: o.seed ?? randomInt(1, 2 ** 31 - 1),
    outDir: dir,
    operator,
    verifyTimeoutMs: o.verifyTimeoutMs,
    deploy: o.deploy,
    observability: o.observability,
    rq2: o.rq2,
  })
    .then(async (r) => {
      operator.close("The drill is over. Thank you.");
      await new Promise((resolve) => setTimeout(resolve, o.lingerMs ?? 5000));
      return r;
    })
    .finally(() => {
      operator.close("The drill is over.");
      return server.close();
    });
  return { url: server.url, dir, operator, done };
}
