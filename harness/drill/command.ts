import { spawn } from "node:child_process";
import { summaryText } from "../trial/command.ts";
import { startDrill } from "./start.ts";

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
