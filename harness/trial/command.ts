import type { ArmFactors, Summary } from "../../systems/kit/protocol/index.ts";
import type { ServicesFlags } from "../cli/options.ts";
import { withServices } from "../deploy/services.ts";
import { loadScenario } from "../scenario/load.ts";
import { outcomeMismatches } from "../scenario/outcome.ts";
import { runTrial } from "./run.ts";

const fmt = (v: unknown) =>
  v === null || v === undefined
    ? "-"
    : typeof v === "number"
      ? Number.isInteger(v)
        ? String(v)
        : v.toFixed(1)
      : Array.isArray(v)
        ? v.join(",") || "-"
        : String(v);

/** The summary as aligned "key  value" lines, in the Summary's own order. */
export function summaryText(s: Summary): string {
  const width = Math.max(...Object.keys(s).map((k) => k.length));
  return Object.entries(s)
    .map(([k, v]) => `${k.padEnd(width)}  ${fmt(v)}`)
    .join("\n");
}

/** `archdrill trial`: runs one trial and prints its summary (one JSON line with --json). */
export async function trialCommand(
  o: {
    system: string;
    scenario: string;
    seed?: number;
    out?: string;
    json: boolean;
    rq2?: boolean;
  } & ArmFactors &
    ServicesFlags,
): Promise<number> {
  // Run by an experiment over IPC: when the runner goes (even killed), this trial goes too, and
  // its units follow when this process's channels close. The journal stays unfinished.
  if (process.channel) process.once("disconnect", () => process.exit(1));
  const { summary, dir } = await withServices(o, (services) =>
    runTrial({
      system: o.system,
      scenarioFile: o.scenario,
      seed: o.seed,
      outDir: o.out,
      rq2: o.rq2,
      deploy: o.deploy,
      observability: o.observability,
      services,
    }),
  );
  if (o.json) console.log(JSON.stringify(summary));
  else console.log(`${summaryText(summary)}\n\njournal: ${dir}/journal.jsonl`);
  // A scenario that declares its outcome is checked against it (a trial whose outcome differs is
  // still a finished trial: exit 0, the result reported).
  const declared = o.rq2 ? undefined : loadScenario(o.scenario).scenario.outcome;
  if (declared && !o.json) {
    const off = outcomeMismatches(summary, declared);
    console.log(
      off.length
        ? `outcome differs from the scenario's: ${off.join("; ")}`
        : "outcome: as the scenario declares",
    );
  }
  return 0;
}
