/** The commands that run trials: run (the experiment), trial, drill start and study plan|next|status. */
import { type Command, InvalidArgumentError, Option } from "commander";
import type { ArmFactors } from "../../systems/kit/protocol/index.ts";
import { drillCommand } from "../drill/command.ts";
import { ARMS, ArmError, DEFAULT_ARMS, resolveArms } from "../experiment/arms.ts";
import { runCommand } from "../experiment/command.ts";
import { DEFAULT_SEEDS, defaultTasks, QUICK, STANDARD_SCENARIOS } from "../experiment/matrix.ts";
import { defaultWorkers } from "../experiment/run.ts";
import { runWorker } from "../experiment/worker.ts";
import { studyCommand } from "../study/command.ts";
import { DEFAULT_KINDS } from "../study/plan.ts";
import { trialCommand } from "../trial/command.ts";
import { act, type Outcome } from "./commands.ts";
import {
  commaList,
  deployOption,
  observabilityOption,
  positiveInteger,
  required,
  type ServicesFlags,
  servicesOptions,
  sharedOption,
} from "./options.ts";

/** `--arms`: a list checked whole at parse time, so a misspelt arm is a usage error naming it. */
function armList(v: string): string[] {
  const items = commaList("--arms")(v);
  try {
    resolveArms(items);
  } catch (e) {
    if (e instanceof ArmError) throw new InvalidArgumentError(`--arms: ${e.message}`);
    throw e;
  }
  return items;
}

interface DrillFlags {
  participant?: string;
  minutes?: number;
  port?: number;
  open?: boolean;
  json?: boolean;
}

const system = () =>
  required(new Option("--system <task>/<pattern>", "the system, e.g. classification/proposed"));
const scenario = () => required(new Option("--scenario <file>", "the scenario file"));

const participant = () => new Option("--participant <ID>", "who operates, for the journal");

/** The flags `drill start` and `study next` end with, in the same words. */
function drillFlags(c: Command): Command {
  return c
    .addOption(sharedOption("minutes", "time limit, counted from the traffic's start (default 20)"))
    .addOption(sharedOption("port", "the console's port on 127.0.0.1 (default: any free one)"))
    .option("--open", "open the console in the browser")
    .option("--json", 'print {"console": url, "journal": file} first and the summary as JSON');
}

export function addRunCommand(program: Command, outcome: Outcome): void {
  program
    .command("run")
    .summary("the experiment: every task x arm x scenario x seed")
    .description(
      "The experiment: every task x arm x scenario x seed in a counterbalanced order (an arm is a pattern, an " +
        "observability profile and a deploy strategy), each trial in its own " +
        "process, --workers at a time; writes results/<run-id>/ (plan, manifest, trials/<id>/journal.jsonl) and " +
        "the report. A run with unfinished trials exits 1 (its report counts the finished ones).",
    )
    .addOption(sharedOption("tasks", `tasks (default: ${defaultTasks().join(", ")})`))
    .addOption(
      new Option(
        "--arms <a,b>",
        `arms: names (${ARMS.map((a) => a.name).join(", ")}), pattern/observability/deploy, "default" ` +
          `(${DEFAULT_ARMS.join(", ")}: the paper's baseline and treatment) or "all" (default: default)`,
      ).argParser(armList),
    )
    .addOption(
      sharedOption(
        "scenarios",
        `scenario names under scenarios/<task>/ or paths to files (default: ${STANDARD_SCENARIOS.join(", ")})`,
      ),
    )
    .addOption(sharedOption("seeds", `seeds per cell (default ${DEFAULT_SEEDS})`))
    .option(
      "--quick",
      `the smoke matrix: ${QUICK.tasks.join(", ")}, ${QUICK.scenarios.join(", ")}, ${QUICK.seeds} seed (${QUICK.tasks.length * QUICK.scenarios.length * QUICK.seeds * DEFAULT_ARMS.length} trials, and @release's RQ2 drill per arm)`,
    )
    .option(
      "--no-rq2",
      "leave out the RQ2 drills: by default each scenario that has one adds its Section 5 drill (see trial --rq2) per arm and seed",
    )
    .addOption(
      sharedOption("workers", `trials at a time (default ${defaultWorkers()} here: one per two cores)`),
    )
    .addOption(servicesOptions()[0])
    .addOption(servicesOptions()[1])
    .option(
      "--queue <url>",
      "spread the trials over 'archdrill worker' processes through this Redis (redis://host:port): one job per cell, both arms on one worker",
    )
    .option("--out <DIR>", "the run directory (default results/<run-id>)")
    .option("--resume <DIR>", "finish a killed run: no trial lost or run twice")
    .option("--dry-run", "list the plan and stop")
    .option("--json", "the plan (--dry-run) or the report's summary as JSON")
    .action(
      act(
        outcome,
        (
          o: {
            tasks?: string[];
            arms?: string[];
            scenarios?: string[];
            seeds?: number;
            workers?: number;
            quick?: boolean;
            rq2?: boolean;
            out?: string;
            resume?: string;
            dryRun?: boolean;
            json?: boolean;
          } & ServicesFlags & { queue?: string },
        ) => runCommand(o),
      ),
    );

  program
    .command("worker")
    .summary("run trials from a queue, one at a time, until interrupted")
    .description(
      "Take cells of a run (both arms of a task, scenario and seed) from the queue that 'run --queue' fills, run their " +
        "trials one after another as 'archdrill trial' processes and send their journals back; a cell whose worker " +
        "died goes back to the queue and runs again from its start.",
    )
    .addOption(required(new Option("--queue <url>", "the Redis the coordinator uses (redis://host:port)")))
    .option("--work-dir <DIR>", "where attempts run (default $ARCHDRILL_HOME/worker)")
    .addOption(
      new Option("--cells <N>", "stop after N cells (default: run until interrupted)").argParser(
        positiveInteger("--cells"),
      ),
    )
    .action(
      act(outcome, (o: { queue: string; workDir?: string; cells?: number }) =>
        runWorker({ queue: o.queue, workDir: o.workDir, cells: o.cells }),
      ),
    );
}

export function addTrialCommands(program: Command, outcome: Outcome): void {
  program
    .command("trial")
    .summary("run one trial with the runbook operator")
    .description(
      "Run one trial with the runbook operator: deploy, steady state, traffic with the scenario's faults, " +
        "detection, diagnosis, rollback, steady state again; writes DIR/journal.jsonl and prints the summary.",
    )
    .addOption(system())
    .addOption(scenario())
    .addOption(sharedOption("seed", "the trial's seed (default: the scenario's)"))
    .addOption(deployOption())
    .addOption(observabilityOption())
    .addOption(servicesOptions()[0])
    .addOption(servicesOptions()[1])
    .option("--out <DIR>", "where the journal goes (default: a new folder under $ARCHDRILL_HOME/trials)")
    .option("--json", "print the summary as one JSON line")
    .option(
      "--rq2",
      "run the scenario's RQ2 drill instead: v1, new data and v2 (with the logic improvement, if asked), " +
        "then roll back to v1 under traffic",
    )
    .action(
      act(
        outcome,
        (
          o: {
            system: string;
            scenario: string;
            seed?: number;
            out?: string;
            json?: boolean;
            rq2?: boolean;
          } & ArmFactors &
            ServicesFlags,
        ) => trialCommand({ ...o, json: Boolean(o.json) }),
      ),
    );

  const drill = program
    .command("drill")
    .summary("human drills: start one")
    .description("Human drills: a participant operates the system through the operator console.")
    .helpCommand(false);
  drillFlags(
    drill
      .command("start")
      .summary("run one human drill")
      .description(
        "A human drill: deploys the system, starts the traffic, injects the scenario's fault at a position drawn " +
          "from the seed (hidden; random seed when none), and serves the operator console on 127.0.0.1 (its URL " +
          "carries a token). The participant diagnoses and rolls back there; the drill ends when the rollback " +
          "brings the scenario tests back, the participant ends it, or --minutes pass; then three questions.\n" +
          "Writes DIR/journal.jsonl (operator human, with the action log and the answers) and prints the " +
          "summary and how many console inputs were rejected. Ctrl-C stops the drill (the journal is still " +
          "finished); a second Ctrl-C exits 130.",
      )
      .addOption(system())
      .addOption(scenario())
      .addOption(participant())
      .option("--team <ID>", "the participant's team, for the journal")
      .addOption(sharedOption("seed", "draws the fault's position (default: a random seed)"))
      .addOption(deployOption())
      .addOption(observabilityOption())
      .option(
        "--rq2",
        "the scenario's RQ2 drill instead of its fault (the paper's Section 5): v2 with the new data goes out, " +
          "then the business asks the participant to roll the inference engine back to v1",
      )
      .option("--out <DIR>", "where the journal goes (default: a new folder under $ARCHDRILL_HOME/drills)"),
  ).action(
    act(
      outcome,
      (
        o: DrillFlags & {
          system: string;
          scenario: string;
          team?: string;
          seed?: number;
          out?: string;
          rq2?: boolean;
        } & ArmFactors,
      ) => drillCommand(o),
    ),
  );

  const study = program
    .command("study")
    .summary("counterbalanced crossover studies: plan, next, status")
    .description("Crossover studies of human drills (the paper's Section 5).")
    .helpCommand(false);
  study
    .command("plan")
    .summary("write a counterbalanced crossover plan")
    .description(
      "A counterbalanced crossover plan: every team drills both arms of the declared comparison (the paper's " +
        "baseline three-layer/app/restart and its treatment proposed/distributed/restart) on every task, half " +
        "the teams treatment-first and half baseline-first per task (alternating across tasks), two different " +
        "faults per team and task (scenarios of the --kinds), and a seed per drill.",
    )
    .addOption(required(sharedOption("teams", "how many teams")))
    .addOption(required(sharedOption("tasks", "the tasks every team drills")))
    .addOption(required(new Option("--out <file>", "where the plan goes, e.g. plan.yaml")))
    .addOption(sharedOption("seed", "the plan's seed (default 1)"))
    .addOption(
      sharedOption("kinds", `fault kinds to draw scenarios from (default ${DEFAULT_KINDS.join(",")})`),
    )
    .option(
      "--rq2",
      "also the RQ2 drill (Section 5 rollback) on both arms per team and task, after its fault drills",
    )
    .option("--json", "print {plan, teams, balance} as one JSON line")
    .action(
      act(
        outcome,
        (o: {
          teams: number;
          tasks: string[];
          out: string;
          seed?: number;
          kinds?: string[];
          rq2?: boolean;
          json?: boolean;
        }) => studyCommand("plan", o),
      ),
    );
  drillFlags(
    study
      .command("next")
      .summary("start a team's next drill")
      .description(
        "Start that team's next drill (the first without a finished journal under <plan>-drills/<team>/), " +
          "as 'drill start' does.",
      )
      .addOption(required(new Option("--plan <file>", "the plan")))
      .addOption(required(new Option("--team <ID>", "the team")))
      .addOption(participant()),
  ).action(act(outcome, (o: DrillFlags & { plan: string; team: string }) => studyCommand("next", o)));
  study
    .command("status")
    .description("drills done per team")
    .addOption(required(new Option("--plan <file>", "the plan")))
    .option("--json", "print [{team, done, drills}]")
    .action(act(outcome, (o: { plan: string; json?: boolean }) => studyCommand("status", o)));
}
