/**
 * One trial in its own process (`archdrill trial`), so trials running side by side each have an
 * event loop and timings of their own. The child is tied to this process by an IPC channel: if the
 * runner dies, even by SIGKILL, the channel closes and the child and its units stop (no orphans,
 * and no trial finishing unseen behind a dead runner).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseJsonAs, type Summary, summarySchema } from "../../systems/kit/protocol/index.ts";
import type { Services } from "../deploy/prepare.ts";
import { repoRoot } from "../paths.ts";
import { completeSummary } from "../score/summarize.ts";
import type { PlannedTrial } from "./matrix.ts";
import { trialDir } from "./run-dir.ts";

export interface TrialOutcome {
  summary: Summary | null;
  exitCode: number | null;
  ms: number;
  /** Where the child's stderr went. */
  log: string;
}

const bin = path.join(repoRoot, "bin", "archdrill.js");

export function runTrialProcess(
  runDir: string,
  t: PlannedTrial,
  signal?: AbortSignal,
  services?: Services,
): Promise<TrialOutcome> {
  const dir = trialDir(runDir, t.id);
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, "trial.log");
  const err = fs.openSync(log, "a");
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      bin,
      "trial",
      ...["--system", t.system, "--scenario", t.scenario, "--seed", String(t.seed), "--out", dir, "--json"],
      ...(t.kind === "rq2" ? ["--rq2"] : []),
      ...(t.deploy ? ["--deploy", t.deploy] : []),
      ...(t.observability ? ["--observability", t.observability] : []),
      // The runner resolved the services (a container is already up): the trial is told where they are.
      ...(services ? ["--services", "external", "--mysql", services.database] : []),
    ],
    { cwd: repoRoot, stdio: ["ignore", "pipe", err, "ipc"] },
  );
  fs.closeSync(err);
  let out = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    out += d;
  });
  const abort = () => child.kill("SIGTERM");
  signal?.addEventListener("abort", abort, { once: true });
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      signal?.removeEventListener("abort", abort);
      const line = out.trim().split("\n").pop() ?? "";
      let summary: Summary | null = null;
      try {
        summary = line ? completeSummary(parseJsonAs(summarySchema, line, "the trial's summary line")) : null;
      } catch {
        summary = null;
      }
      resolve({ summary: code === 0 ? summary : null, exitCode: code, ms: performance.now() - started, log });
    });
  });
}
