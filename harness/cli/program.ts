/**
 * The archdrill program: every command with its own option table (harness/cli/commands.ts,
 * harness/cli/trial-commands.ts), help generated from those tables, usage errors that name the command, and the
 * exit code. harness/cli.ts only calls runCli.
 */
import { Command, CommanderError } from "commander";
import { patterns } from "../../systems/patterns/index.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { codeVersion } from "../paths.ts";
import { addReportCommands, addScenarioCommands, addSystemCommands, type Outcome } from "./commands.ts";
import { checkRequired } from "./options.ts";
import { addRunCommand, addTrialCommands } from "./trial-commands.ts";

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

const EXIT_CODES = `Exit codes:
  0    success; compare always (it informs, it does not gate); up once a signal
       has stopped it
  1    the command ran and reports failure: a run with unfinished trials, a
       scenario file that is not valid (validate), or an error while running (an
       unknown system, task or scenario, a directory that holds no run, a system
       that did not start)
  2    usage error: no command, an unknown command or option, a bad option value,
       a missing argument or required option
  130  a drill (drill start, study next) stopped by a second Ctrl-C`;

const footer = () =>
  [
    "Systems are <task>/<pattern>:",
    `  tasks     ${tasks.names.join(", ")}`,
    `  patterns  ${patterns.names.join(", ")}`,
    "Environment: ARCHDRILL_HOME (default <repo>/.archdrill) holds the release cache",
    "and the run directories.",
    "'archdrill <command> --help' lists a command's options.",
    "",
    EXIT_CODES,
  ].join("\n");

/** "archdrill drill start" for the start command. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Commander's error text as one line naming the command, e.g. "archdrill trial: unknown option '--workers' (see archdrill trial --help)". */
export function usageMessage(cmd: Command, raw: string): string {
  const where = commandPath(cmd);
  let message = raw
    .trim()
    .replace(/^error: /, "")
    // a validator's sentence names the flag and the rule already
    .replace(/^option '.*' argument '.*' is invalid\. /s, "")
    .replace(/\s*\n\s*/g, " ");
  if (message.startsWith("unknown command "))
    message += `; commands: ${cmd.commands.map((c) => c.name()).join(", ")}`;
  return `${where}: ${message} (see ${where} --help)`;
}

function configure(cmd: Command): void {
  cmd.configureOutput({ outputError: (str, write) => write(`${usageMessage(cmd, str)}\n`) });
  for (const sub of cmd.commands) configure(sub);
}

/** Builds the program; an action leaves its exit code in `outcome`. */
export function buildProgram(outcome: Outcome): Command {
  const program = new Command("archdrill")
    .usage("<command> [options]")
    .description(
      "Does the proposed ML-system pattern let operators localize failures and roll back faster than a " +
        "three-layer system? Runs both patterns of real ML systems side by side and measures.",
    )
    .exitOverride()
    .helpOption("-h, --help", "show this help")
    .option("-v, --version", "archdrill's version and commit")
    .addHelpText("after", `\n${footer()}`)
    .hook("preAction", checkRequired);
  // The version needs git: asked for only when printed.
  program.on("option:version", () => {
    console.log(codeVersion());
    throw new CommanderError(EXIT.ok, "commander.version", "version printed");
  });
  addSystemCommands(program, outcome);
  addRunCommand(program, outcome);
  addReportCommands(program, outcome);
  addTrialCommands(program, outcome);
  addScenarioCommands(program, outcome);
  configure(program);
  return program;
}

/**
 * Parses argv, runs the command and resolves with the exit code: the action's, 2 for a usage error, 1 when the
 * command threw. A long-running command (up) resolves only once it has stopped.
 */
export async function runCli(argv: string[]): Promise<number> {
  const outcome: Outcome = { code: EXIT.ok };
  try {
    await buildProgram(outcome).parseAsync(argv, { from: "user" });
    return outcome.code;
  } catch (err) {
    // Help and version end parsing with exit code 0; any other CommanderError is a usage error, already printed.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    console.error(`archdrill: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
}
