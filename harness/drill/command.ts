import { spawn } from "node:child_process";
import type { DeployStrategy, Observability } from "../../systems/kit/protocol/index.ts";
import { summaryText } from "../trial/command.ts";
import { startDrill } from "./start.ts";

/** Options as the CLI has validated them (harness/cli/options.ts). */
export interface DrillCommandOptions {
  system: string;
  scenario: string;
  participant?: string;
  team?: string;
  seed?: number;
  out?: string;
  /** Time limit in minutes (default 20). */
  minutes?: number;
  port?: number;
  open?: boolean;
  json?: boolean;
  /** The arm's factors besides its pattern (default: distributed monitoring, restart). */
  deploy?: DeployStrategy;
  observability?: Observability;
  /** The scenario's RQ2 drill instead of its fault. */
  rq2?: boolean;
}

/** `archdrill drill start`: runs one human drill to its end; 0 when the journal was finished. */
export async function drillCommand(o: DrillCommandOptions): Promise<number> {
  const drill = await startDrill({
    system: o.system,
    scenarioFile: o.scenario,
    participant: o.participant ?? null,
    team: o.team ?? null,
    seed: o.seed,
    outDir: o.out,
    port: o.port,
    timeLimitMs: o.minutes === undefined ? undefined : o.minutes * 60_000,
    deploy: o.deploy,
    observability: o.observability,
    rq2: o.rq2,
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
