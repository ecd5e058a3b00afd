import { spawn } from "node:child_process";
import { summaryText } from "../trial/command.ts";
import { startDrill } from "./start.ts";

export const DRILL_HELP = `  drill start --system <task>/<pattern> --scenario <file> [--participant ID] [--team ID] [--seed N]
              [--out DIR] [--minutes M] [--port P] [--open] [--json]
                      a human drill: deploys the system, starts the traffic, injects the scenario's
                      fault at a position drawn from the seed (hidden; random seed when none), and
                      serves the operator console on 127.0.0.1 (its URL carries a token; --open opens
                      it). The participant diagnoses and rolls back there; the drill ends when the
                      rollback brings the scenario tests back, the participant ends it, or --minutes
                      (default 20, counted from the traffic's start) pass; then three questions.
                      Writes DIR/journal.jsonl (operator human, with the action log and the answers)
                      and prints the summary and how many console inputs were rejected.
                      --json prints {"console": url, "journal": file} first and the summary as JSON.
                      Ctrl-C stops the drill (the journal is still finished)`;

export interface DrillCommandOptions {
  system?: string;
  scenario?: string;
  participant?: string;
  team?: string;
  seed?: number;
  out?: string;
  /** Time limit in minutes (default 20). */
  minutes?: number;
  port?: number;
  open?: boolean;
  json?: boolean;
}

/** `archdrill drill start`: runs one human drill to its end; 0 when the journal was finished. */
export async function drillCommand(o: DrillCommandOptions): Promise<number> {
  if (!o.system) throw new Error("drill start needs --system <task>/<pattern>");
  if (!o.scenario) throw new Error("drill start needs --scenario <file>");
  if (o.seed !== undefined && !Number.isInteger(o.seed))
    throw new Error(`--seed must be an integer (got '${o.seed}')`);
  if (o.minutes !== undefined && !(o.minutes > 0))
    throw new Error(`--minutes must be a positive number (got '${o.minutes}')`);
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port < 65536))
    throw new Error(`--port must be an integer from 0 to 65535 (got '${o.port}')`);
  const drill = await startDrill({
    system: o.system,
    scenarioFile: o.scenario,
    participant: o.participant ?? null,
    team: o.team ?? null,
    seed: o.seed,
    outDir: o.out,
    port: o.port,
    timeLimitMs: o.minutes === undefined ? undefined : o.minutes * 60_000,
  });
  const journal = `${drill.dir}/journal.jsonl`;
  if (o.json) console.log(JSON.stringify({ console: drill.url, journal }));
  else
    console.log(
      `operator console: ${drill.url}\n(the system is deploying; the console says when the drill begins)`,
    );
  if (o.open)
    spawn("xdg-open", [drill.url], { stdio: "ignore", detached: true })
      .on("error", () => {})
      .unref();
  let stops = 0;
  const onInt = () => {
    if (++stops > 1) process.exit(130);
    drill.operator.stop();
  };
  process.on("SIGINT", onInt);
  try {
    const { summary } = await drill.done;
    if (o.json) console.log(JSON.stringify(summary));
    else
      console.log(
        `${summaryText(summary)}\n\nrejected console inputs: ${drill.operator.rejectedInputs} ` +
          `(each in the journal's action log)\njournal: ${journal}`,
      );
    return 0;
  } finally {
    process.off("SIGINT", onInt);
  }
}
