/**
 * The commands around systems, scenarios and reports, one option table each. An action hands its exit code to
 * the Outcome; harness/cli/program.ts exits with it once the action returns.
 */
import type { Command } from "commander";
import type { ArmFactors } from "../../systems/kit/protocol/index.ts";
import { patterns } from "../../systems/patterns/index.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { BENCH_DEFAULTS, bench } from "../bench/bench.ts";
import { packRun } from "../experiment/pack.ts";
import { compareCommand, reportCommand } from "../report/index.ts";
import { scenariosCommand, validateCommand } from "../scenario/commands.ts";
import { measureCommand } from "../scenario/measure-command.ts";
import {
  deployOption,
  observabilityOption,
  type ServicesFlags,
  servicesOptions,
  sharedOption,
} from "./options.ts";
import { down, up } from "./up.ts";

/** Where an action leaves its exit code. */
export interface Outcome {
  code: number;
}

/** Wraps a command's work so its exit code lands in the outcome. */
export const act =
  <A extends unknown[]>(outcome: Outcome, fn: (...args: A) => number | Promise<number>) =>
  async (...args: A): Promise<void> => {
    outcome.code = await fn(...args);
  };

interface Json {
  json?: boolean;
}

const systemsText = () =>
  tasks.names
    .flatMap((t) =>
      patterns
        .all()
        .map(
          (p) =>
            `${`${t}/${p.name}`.padEnd(30)} units: ${p.units.map((u) => `${u.name}${u.name === p.publicUnit ? " (public)" : ""}`).join(", ")}`,
        ),
    )
    .join("\n");

export function addSystemCommands(program: Command, outcome: Outcome): void {
  program
    .command("up")
    .summary("start a system and keep it running until interrupted")
    .description(
      "Train or reuse the initial release (cached by content digest), start the system's units on 127.0.0.1 " +
        "and run until interrupted (Ctrl-C, SIGTERM or 'archdrill down'); then stop them and exit 0.",
    )
    .argument("<system>", "<task>/<pattern>, e.g. classification/proposed")
    .option(
      "--json",
      "print one line once the system is ready: " +
        "{system, ui, api, openapi, metrics[], alerts, admin, adminToken, units, backend, runDir, pid}",
    )
    .addOption(sharedOption("seed", "training seed of the initial release (default 1)"))
    .addOption(deployOption())
    .addOption(observabilityOption())
    .addOption(servicesOptions()[0])
    .addOption(servicesOptions()[1])
    .action(
      act(outcome, async (system: string, o: Json & { seed?: number } & ArmFactors & ServicesFlags) => {
        await up(system, {
          json: Boolean(o.json),
          seed: o.seed,
          deploy: o.deploy,
          observability: o.observability,
          services: o.services,
          mysql: o.mysql,
        }); // resolves once a signal has stopped it
        return 0;
      }),
    );

  program
    .command("down")
    .description("stop what 'up' started (all systems when none is named)")
    .argument("[system]", "<task>/<pattern>")
    .action(
      act(outcome, async (system: string | undefined) => {
        const stopped = await down(system);
        console.log(stopped.length ? `stopped ${stopped.join(", ")}` : "nothing was up");
        return 0;
      }),
    );

  program
    .command("systems")
    .description("list the systems and their units")
    .action(
      act(outcome, () => {
        console.log(systemsText());
        return 0;
      }),
    );

  program
    .command("bench")
    .summary("throughput, latency and rollback under load of every system, beside a bare baseline")
    .description(
      "Start every system, one at a time, and measure its maximum throughput (closed loop, at each connection " +
        "count), its latency at fixed offered rates (an evenly paced open-loop client, timed from when each request " +
        "was due) and its rollback (the pattern's way) while users keep sending, then the same loads on each task's " +
        "bare baseline (node:http and the same release's predict); print the table and write bench.json and bench.html.",
    )
    .addOption(sharedOption("duration", `seconds of each load (default ${BENCH_DEFAULTS.durationS})`))
    .addOption(
      sharedOption(
        "connections",
        `closed-loop connection counts (default ${BENCH_DEFAULTS.connections.join(",")})`,
      ),
    )
    .addOption(
      sharedOption(
        "rates",
        `offered rates of the paced client, req/s (default ${BENCH_DEFAULTS.rates.join(",")})`,
      ),
    )
    .addOption(
      sharedOption(
        "rollback-rate",
        `req/s sent while rollbacks are timed (default ${BENCH_DEFAULTS.rollbackRate})`,
      ),
    )
    .addOption(sharedOption("systems", "systems to bench, e.g. classification/proposed (default: every one)"))
    .option("--out <dir>", "folder for bench.json and bench.html", "results/bench")
    .option("--json", "print bench.json instead of the table")
    .action(
      act(
        outcome,
        async (
          o: Json & {
            duration?: number;
            connections?: number[];
            rates?: number[];
            rollbackRate?: number;
            systems?: string[];
            out: string;
          },
        ) => {
          await bench({
            durationS: o.duration,
            connections: o.connections,
            rates: o.rates,
            rollbackRate: o.rollbackRate,
            systems: o.systems,
            out: o.out,
            json: Boolean(o.json),
          });
          return 0;
        },
      ),
    );
}

export function addReportCommands(program: Command, outcome: Outcome): void {
  program
    .command("report")
    .summary("(re)write a run's report from its journals")
    .description(
      "Read the run's journals (finished trials only; a study's drills folder works too) and write report.json, " +
        "report.md, report.html (charts inline), trials.csv and comparisons.csv; print the RQ1 and RQ2 verdicts. " +
        "Paired Wilcoxon signed-rank on the same task, scenario and seed (Mann-Whitney U where pairing does not " +
        "hold), Vargha-Delaney A12, bootstrap 95% CI of the median difference.",
    )
    .argument("<run-dir>", "results/<run-id>, or a study's <plan>-drills folder")
    .option("--json", "print {runId, files, counts, verdicts} as one JSON line")
    .action(act(outcome, (dir: string, o: Json) => reportCommand(dir, { json: Boolean(o.json) })));

  program
    .command("compare")
    .summary("which figures of run b fall outside run a's 95% intervals")
    .description(
      "For reviewers: which figures of run b fall outside run a's 95% bootstrap intervals, and whether the two " +
        "runs' verdicts agree. Exits 0 whatever it finds: information, not a gate.",
    )
    .argument("<run-a>", "the reference run directory")
    .argument("<run-b>", "the run to check against it")
    .option("--json", "print the comparison as JSON")
    .action(act(outcome, (a: string, b: string, o: Json) => compareCommand(a, b, { json: Boolean(o.json) })));

  program
    .command("pack")
    .summary("gzip a run's finished journals for keeping")
    .description(
      "Gzips every finished trial journal of a run in place (journal.jsonl.gz), as committed runs are kept; " +
        "report, compare and run --resume read packed and plain journals alike. Unfinished journals stay as they are.",
    )
    .argument("<run-dir>", "the run directory, e.g. results/<run-id>")
    .action(
      act(outcome, (dir: string) => {
        const { packed, left } = packRun(dir);
        console.log(`packed ${packed} journals${left.length ? `; left unfinished: ${left.join(", ")}` : ""}`);
        return 0;
      }),
    );
}

export function addScenarioCommands(program: Command, outcome: Outcome): void {
  const scenarios = program
    .command("scenarios")
    .summary("list the scenario files; measure what their shifts do")
    .description(
      "List the scenario files: file, fault, ground truth (part/cause) and title; invalid ones with the reason.",
    )
    .option("--task <T>", "only this task's scenarios")
    .option("--json", "print [{file, title, task, fault, part, cause, valid}]")
    .option("--write-schema", "regenerate scenarios/scenario.schema.json from the zod schema")
    .action(
      act(outcome, (o: Json & { task?: string; writeSchema?: boolean }) =>
        scenariosCommand({ task: o.task, json: Boolean(o.json), writeSchema: Boolean(o.writeSchema) }),
      ),
    );
  scenarios
    .command("measure")
    .summary("what each scenario's shift does to its task's data")
    .description(
      "For each scenario file: per model feature, the detector statistic the monitors compute at their window " +
        "against the release's calibrated threshold (before and after the fault, averaged over windows), PSI, " +
        "the label shift against its sampling noise, the initial release's accuracy before and after, whether the " +
        "fault is detectable by design and whether the declared cause fits the data. Trains or reuses the " +
        "initial release (cached by digest).",
    )
    .argument("<file...>", "scenario files, e.g. scenarios/classification/trend-covariate.yaml")
    .addOption(sharedOption("seed", "plans the timeline (default: the scenario's own seed)"))
    .option("--json", "one JSON line per scenario instead of the table")
    .action(
      act(outcome, (files: string[], o: Json & { seed?: number }) =>
        measureCommand(files, { json: Boolean(o.json), seed: o.seed }),
      ),
    );

  program
    .command("validate")
    .summary("check scenario files")
    .description(
      "Check scenario files (schema, then each fault's params planned on the task's timeline): " +
        '"ok: <title>" per valid file, or a sentence naming the key or the fault (exit 1).',
    )
    .argument("<file...>", "scenario files, e.g. scenarios/classification/trend-covariate.yaml")
    .action(act(outcome, (files: string[]) => validateCommand(files)));
}
