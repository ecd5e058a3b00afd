import { parseArgs } from "node:util";
import { patterns } from "../systems/patterns/index.ts";
import { tasks } from "../systems/tasks/index.ts";
import { bench } from "./bench/bench.ts";
import { down, up } from "./cli/up.ts";
import { DRILL_HELP, drillCommand } from "./drill/command.ts";
import { runCommand } from "./experiment/command.ts";
import { DEFAULT_SEEDS, QUICK, STANDARD_SCENARIOS } from "./experiment/matrix.ts";
import { defaultWorkers } from "./experiment/run.ts";
import { codeVersion } from "./paths.ts";
import { compareCommand, reportCommand } from "./report/index.ts";
import { scenariosCommand, validateCommand } from "./scenario/commands.ts";
import { STUDY_HELP, studyCommand } from "./study/command.ts";
import { trialCommand } from "./trial/command.ts";

const help = `archdrill: does the proposed ML-system pattern let operators localize failures and roll back faster
than a three-layer system? Runs both patterns of real ML systems side by side and measures.

Usage: archdrill <command> [options]

Commands:
  up <task>/<pattern> [--json] [--seed N]
                      train or reuse the initial release (cached by content digest), start the
                      system on 127.0.0.1, run until interrupted. --json prints one line once ready:
                      {ui, api, openapi, metrics[], alerts, admin, adminToken, units, runDir, pid}
  down [<task>/<pattern>]
                      stop what 'up' started (all systems when none is named)
  systems             list the systems and their units
  bench [--duration S] [--connections N] [--rate R] [--json]
                      start every system and measure requests/s and p50/p99 latency at a fixed load,
                      and the rollback time of each pattern (three-layer redeploy vs proposed alias move)
  run [--tasks a,b] [--patterns a,b] [--scenarios a,b] [--seeds N] [--quick] [--rq2] [--workers N]
      [--out DIR] [--resume DIR] [--dry-run] [--json]
                      the experiment: every task x pattern x scenario x seed (default: all tasks, both
                      patterns, ${STANDARD_SCENARIOS.join(", ")}, ${DEFAULT_SEEDS} seeds; --quick: ${QUICK.tasks.join(",")},
                      ${QUICK.scenarios.join(", ")}, 1 seed) in a counterbalanced order, each trial in its
                      own process, --workers at a time (default ${defaultWorkers()} here: one per two cores); writes
                      results/<run-id>/ (plan, manifest, trials/<id>/journal.jsonl) and the report.
                      --rq2 adds each scenario's RQ2 drill where it has one (see trial --rq2).
                      --resume DIR finishes a killed run (no trial lost or run twice); --dry-run lists the plan.
                      Scenarios are names under scenarios/<task>/ or paths to files
  report <run-dir | drills-dir> [--json]
                      read the run's journals (finished trials only; a study's drills folder works too)
                      and write report.json, report.md,
                      report.html (charts inline), trials.csv and comparisons.csv; print the RQ1 and RQ2
                      verdicts. Paired Wilcoxon signed-rank on the same task, scenario and seed (Mann-Whitney
                      U where pairing does not hold), Vargha-Delaney A12, bootstrap 95% CI of the median difference
  compare <run-a> <run-b> [--json]
                      for reviewers: which figures of run b fall outside run a's 95% bootstrap intervals,
                      and whether the two runs' verdicts agree (exit 0: information, not a gate)
  trial --system <task>/<pattern> --scenario <file> [--seed N] [--out DIR] [--json] [--rq2]
                      run one trial with the runbook operator: deploy, steady state, traffic with the
                      scenario's faults, detection, diagnosis, rollback, steady state again; writes
                      DIR/journal.jsonl and prints the summary (one JSON line with --json);
                      --rq2 runs the scenario's RQ2 drill instead: v1, new data and v2 (with the
                      logic improvement, if asked), then roll back to v1 under traffic
${DRILL_HELP}
${STUDY_HELP}
  scenarios [--task T] [--json] [--write-schema]
                      list the scenario files (--json: [{file, title, task, fault, part, cause, valid}]);
                      --write-schema regenerates scenarios/scenario.schema.json from the zod schema
  validate <file>...  check scenario files (schema, then each fault's params planned on the task's
                      timeline): "ok: <title>", or a sentence naming the key or the fault (exit 1)

Options:
  -h, --help          this text
  -v, --version       archdrill's version and commit

Systems are <task>/<pattern>; tasks: ${Object.keys(tasks).join(", ")}; patterns: ${Object.keys(patterns).join(", ")}.
Environment: ARCHDRILL_HOME (default <repo>/.archdrill) holds the release cache and run directories.`;

const systemsText = () =>
  Object.keys(tasks)
    .flatMap((t) =>
      Object.values(patterns).map(
        (p) =>
          `${`${t}/${p.name}`.padEnd(30)} units: ${p.units.map((u) => `${u.name}${u.name === p.publicUnit ? " (public)" : ""}`).join(", ")}`,
      ),
    )
    .join("\n");

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
      json: { type: "boolean" },
      seed: { type: "string" },
      duration: { type: "string" },
      connections: { type: "string" },
      rate: { type: "string" },
      task: { type: "string" },
      system: { type: "string" },
      scenario: { type: "string" },
      out: { type: "string" },
      rq2: { type: "boolean" },
      tasks: { type: "string" },
      patterns: { type: "string" },
      scenarios: { type: "string" },
      seeds: { type: "string" },
      workers: { type: "string" },
      quick: { type: "boolean" },
      resume: { type: "string" },
      "dry-run": { type: "boolean" },
      participant: { type: "string" },
      team: { type: "string" },
      teams: { type: "string" },
      minutes: { type: "string" },
      port: { type: "string" },
      open: { type: "boolean" },
      kinds: { type: "string" },
      plan: { type: "string" },
      "write-schema": { type: "boolean" },
    },
  });
  const [command, ...args] = positionals;
  if (values.version) {
    console.log(codeVersion());
    return 0;
  }
  if (values.help || !command) {
    console.log(help);
    return values.help ? 0 : 1;
  }
  const num = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got '${v}')`);
    return n;
  };
  const integer = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer (got '${v}')`);
    return n;
  };
  switch (command) {
    case "up":
      if (!args[0]) throw new Error("up needs a system, e.g. archdrill up classification/proposed");
      await up(args[0], { json: Boolean(values.json), seed: num(values.seed, "seed") });
      return -1; // keeps running until a signal
    case "down": {
      const stopped = await down(args[0]);
      console.log(stopped.length ? `stopped ${stopped.join(", ")}` : "nothing was up");
      return 0;
    }
    case "systems":
      console.log(systemsText());
      return 0;
    case "bench":
      await bench({
        durationS: num(values.duration, "duration"),
        connections: num(values.connections, "connections"),
        rate: num(values.rate, "rate"),
        json: Boolean(values.json),
      });
      return 0;
    case "scenarios":
      return scenariosCommand({
        task: values.task,
        json: Boolean(values.json),
        writeSchema: Boolean(values["write-schema"]),
      });
    case "validate":
      return validateCommand(args);
    case "trial":
      return trialCommand({
        system: values.system,
        scenario: values.scenario,
        seed: integer(values.seed, "seed"),
        out: values.out,
        json: Boolean(values.json),
        rq2: Boolean(values.rq2),
      });
    case "run":
      return runCommand({
        tasks: values.tasks,
        patterns: values.patterns,
        scenarios: values.scenarios,
        seeds: values.seeds,
        workers: values.workers,
        quick: values.quick,
        rq2: values.rq2,
        out: values.out,
        resume: values.resume,
        dryRun: values["dry-run"],
        json: values.json,
      });
    case "drill":
      if (args[0] !== "start")
        throw new Error(
          "drill has one subcommand: archdrill drill start --system <task>/<pattern> --scenario <file>",
        );
      return drillCommand({
        system: values.system,
        scenario: values.scenario,
        participant: values.participant,
        team: values.team,
        seed: integer(values.seed, "seed"),
        out: values.out,
        minutes: num(values.minutes, "minutes"),
        port: num(values.port, "port"),
        open: values.open,
        json: values.json,
      });
    case "study":
      return studyCommand(args[0], {
        teams: num(values.teams, "teams"),
        tasks: values.tasks,
        out: values.out,
        seed: integer(values.seed, "seed"),
        kinds: values.kinds,
        plan: values.plan,
        team: values.team,
        participant: values.participant,
        minutes: num(values.minutes, "minutes"),
        port: num(values.port, "port"),
        open: values.open,
        json: values.json,
      });
    case "report":
      if (!args[0]) throw new Error("report needs a run directory, e.g. archdrill report results/<run-id>");
      return reportCommand(args[0], { json: Boolean(values.json) });
    case "compare":
      if (!args[0] || !args[1])
        throw new Error("compare needs two run directories: archdrill compare <run-a> <run-b>");
      return compareCommand(args[0], args[1], { json: Boolean(values.json) });
    default:
      throw new Error(
        `unknown command '${command}'; commands: up, down, systems, bench, run, report, compare, trial, drill, study, scenarios, validate (archdrill --help)`,
      );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`archdrill: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
