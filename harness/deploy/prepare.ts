import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { ensureDataset } from "../../datasets/ensure.ts";
import { databaseNameFor, withDatabase } from "../../systems/kit/protocol/index.ts";
import { getPattern } from "../../systems/patterns/index.ts";
import { runPipelineJob } from "../../systems/patterns/pipeline.ts";
import type { UnitConfig } from "../../systems/patterns/types.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { cacheDir, codeVersion, newRunDir } from "../paths.ts";
import type { DeployOptions } from "./deploy.ts";
import { parseSystem, trainingSeed } from "./system-name.ts";

/** Where a system's files go and what its units share. */
export interface Shared {
  runDir: string;
  cacheDir: string;
  codeVersion: string;
  /** The system's own database on the services' server (services mode), else null: the run's SQLite file. */
  database: string | null;
}

/** Services mode: where the systems' external services are. */
export interface Services {
  /** A MySQL/MariaDB server URL (mysql://user:pass@host:port/); each system gets a database of its own there. */
  database: string;
}

/**
 * A system's own pipeline prepares it (initial data, first releases) before any unit starts. The
 * seed also trains the initial model release (seed 1: the task's own training seed), so seeds vary
 * the release a trial starts from, not only its traffic; releases stay cached by digest.
 */
export async function prepareSystem(opts: DeployOptions) {
  const { task, pattern: patternName } = parseSystem(opts.system);
  const pattern = getPattern(patternName);
  // A dataset found by path is fetched (and checked) once on a machine that lacks it.
  await ensureDataset(getTask(task).dataset);
  const runDir = opts.runDir ?? newRunDir(opts.system);
  fs.mkdirSync(runDir, { recursive: true });
  const adminToken = opts.adminToken ?? randomBytes(18).toString("base64url");
  // Services mode: the system's database is one of its own on the given server (the paper's MySQL).
  // The system's units create it on their first connection (systems/kit/store/mysql.ts).
  const database = opts.services?.database
    ? withDatabase(opts.services.database, databaseNameFor(runDir))
    : null;
  const shared: Shared = { runDir, cacheDir: cacheDir(), codeVersion: codeVersion(), database };
  const variant = { seed: trainingSeed(getTask(task).seed, opts.seed ?? 1) };
  await runPipelineJob({
    task,
    pattern: patternName,
    who: opts.who ?? "deploy",
    ...shared,
    step: { op: "prepare", variant },
  });
  return { task, pattern, runDir, adminToken, shared };
}

/** What every unit of the system is told, less its own name, port and peers. */
export function unitConfigOf(
  opts: DeployOptions,
  s: { task: string; adminToken: string; shared: Shared },
): Omit<UnitConfig, "unit" | "port" | "peers"> {
  const { pattern } = parseSystem(opts.system);
  return {
    system: opts.system,
    task: s.task,
    pattern,
    adminToken: s.adminToken,
    alertWebhook: opts.alertWebhook ?? null,
    seed: opts.seed ?? 1,
    observability: opts.observability ?? "distributed",
    ...s.shared,
  };
}
