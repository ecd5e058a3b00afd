/**
 * The flags several commands share, each with one validator, so `--seed 1.5` is refused with the same sentence by
 * every command that takes a seed. A validator turns the flag's text into its value or throws commander's
 * InvalidArgumentError (a usage error, exit 2).
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { DEPLOY_STRATEGIES, OBSERVABILITY_PROFILES } from "../../systems/kit/protocol/index.ts";
import { SERVICE_MODES } from "../deploy/services.ts";

const refuse = (flag: string, rule: string, v: string) =>
  new InvalidArgumentError(`${flag} must be ${rule} (got '${v}')`);

/** 0, 1, 2, ...: digits only, so '1.5', '-1', '1e3' and '' are refused. */
export const nonNegativeInteger =
  (flag: string) =>
  (v: string): number => {
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)))
      throw refuse(flag, "a non-negative integer", v);
    return Number(v);
  };

/** 1, 2, 3, ...: a count (seeds, workers, teams, connections). */
export const positiveInteger =
  (flag: string) =>
  (v: string): number => {
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)) || Number(v) < 1)
      throw refuse(flag, "a positive integer", v);
    return Number(v);
  };

/** A finite number above 0 (seconds, minutes, requests per second). */
export const positiveNumber =
  (flag: string) =>
  (v: string): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n <= 0) throw refuse(flag, "a positive number", v);
    return n;
  };

/** A TCP port, 0 (any free one) to 65535. */
export const portNumber =
  (flag: string) =>
  (v: string): number => {
    if (!/^\d+$/.test(v.trim()) || Number(v) > 65535) throw refuse(flag, "an integer from 0 to 65535", v);
    return Number(v);
  };

/** A MySQL/MariaDB server URL. */
export const mysqlUrl =
  (flag: string) =>
  (v: string): string => {
    if (!/^(mysql|mariadb):\/\/[^/\s]+/.test(v.trim()))
      throw refuse(flag, "a URL such as mysql://user:pass@host:3306/", v);
    return v.trim();
  };

/** '1,8, 32' -> [1, 8, 32], each item through `each` (which names the flag when it refuses). */
export const numberList =
  (flag: string, each: (flag: string) => (v: string) => number) =>
  (v: string): number[] =>
    commaList(flag)(v).map(each(flag));

/** 'a, b,c' -> ['a', 'b', 'c']; an empty list is refused. */
export const commaList =
  (flag: string) =>
  (v: string): string[] => {
    const items = v
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
    if (items.length === 0) throw refuse(flag, "a comma-separated list such as a,b", v);
    return items;
  };

/** One of a fixed list of names. */
export const oneOf =
  <T extends string>(flag: string, names: readonly T[]) =>
  (v: string): T => {
    const name = names.find((n) => n === v.trim());
    if (!name) throw refuse(flag, `one of ${names.join(", ")}`, v);
    return name;
  };

/** The seed validator every command with `--seed` uses. */
export const seed = nonNegativeInteger("--seed");

const shared = {
  seed: ["<N>", seed],
  seeds: ["<N>", positiveInteger("--seeds")],
  workers: ["<N>", positiveInteger("--workers")],
  teams: ["<N>", positiveInteger("--teams")],
  connections: ["<a,b>", numberList("--connections", positiveInteger)],
  duration: ["<S>", positiveNumber("--duration")],
  rates: ["<a,b>", numberList("--rates", positiveNumber)],
  "rollback-rate": ["<R>", positiveNumber("--rollback-rate")],
  minutes: ["<M>", positiveNumber("--minutes")],
  port: ["<P>", portNumber("--port")],
  tasks: ["<a,b>", commaList("--tasks")],
  systems: ["<a,b>", commaList("--systems")],
  patterns: ["<a,b>", commaList("--patterns")],
  scenarios: ["<a,b>", commaList("--scenarios")],
  kinds: ["<a,b>", commaList("--kinds")],
  deploy: ["<strategy>", oneOf("--deploy", DEPLOY_STRATEGIES)],
  observability: ["<profile>", oneOf("--observability", OBSERVABILITY_PROFILES)],
  services: ["<mode>", oneOf("--services", SERVICE_MODES)],
  mysql: ["<url>", mysqlUrl("--mysql")],
} satisfies Record<string, [string, (v: string) => unknown]>;

export type SharedFlag = keyof typeof shared;

/** A shared flag with its placeholder and validator; the description is the command's own. */
export function sharedOption(flag: SharedFlag, description: string): Option {
  const [placeholder, parse]: [string, (v: string) => unknown] = shared[flag];
  return new Option(`--${flag} ${placeholder}`, description).argParser(parse);
}

const requiredOptions = new WeakSet<Option>();

/**
 * Marks an option the command cannot run without. Checked by checkRequired just before the action, so an unknown
 * option or a bad value is reported first (commander's own mandatory options are checked before those).
 */
export function required(option: Option): Option {
  requiredOptions.add(option);
  option.description = `${option.description} (required)`;
  return option;
}

/** A preAction hook: refuses, as a usage error, a command run without one of its required options. */
export function checkRequired(_hooked: Command, command: Command): void {
  for (const o of command.options)
    if (requiredOptions.has(o) && command.getOptionValue(o.attributeName()) === undefined)
      command.error(`error: required option '${o.flags}' not specified`, {
        code: "commander.missingMandatoryOptionValue",
      });
}

/** `--deploy`: the arm's deploy strategy for units that restart to change release. */
export const deployOption = (): Option =>
  sharedOption(
    "deploy",
    `how a unit that restarts to change release is replaced: ${DEPLOY_STRATEGIES.join(" or ")} (default restart)`,
  );

/** `--observability`: the arm's observability profile, which monitors the units run. */
export const observabilityOption = (): Option =>
  sharedOption(
    "observability",
    "what the operators watch: app (the public boundary, database, business rules and users' feedback) " +
      "or distributed (a monitor on every data flow as well) (default distributed)",
  );

/** `--services` and `--mysql`: where the systems' databases are (README: Services). */
export const servicesOptions = (): Option[] => [
  sharedOption(
    "services",
    "where the systems' databases are: embedded (SQLite files, default), external (a MySQL/MariaDB server, --mysql) or containers (testcontainers, needs Docker)",
  ),
  sharedOption(
    "mysql",
    "the MySQL/MariaDB server for --services external (default mysql://root@127.0.0.1:3306/)",
  ),
];

export type { ServicesFlags } from "../deploy/services.ts";
