/**
 * The experiment's arms: an arm is a pattern run with an observability profile and a deploy
 * strategy, and these three are the only factors a trial's arm may vary (DESIGN: "only the declared
 * factors vary"). The catalog names the paper's baseline and treatment and the ablations that say
 * how much of a difference comes with the monitoring, the deploy strategy and the split.
 */
import { z } from "zod";
import {
  DEPLOY_STRATEGIES,
  type DeployStrategy,
  deployStrategySchema,
  OBSERVABILITY_PROFILES,
  type Observability,
  observabilitySchema,
} from "../../systems/kit/protocol/index.ts";
import { patterns as knownPatterns } from "../../systems/patterns/index.ts";
import { COMPARISON } from "./comparison.ts";

export const armSchema = z.object({
  name: z.string(),
  pattern: z.string(),
  observability: observabilitySchema,
  deploy: deployStrategySchema,
  /** What the arm stands for, printed in the report's arm table. */
  role: z.string(),
});
export type Arm = z.infer<typeof armSchema>;

export const ARMS: readonly Arm[] = [
  {
    name: COMPARISON.baseline,
    pattern: "three-layer",
    observability: "app",
    deploy: "restart",
    role: "baseline: the paper's Figure 1 team (the app watched at its public boundary, redeployed by restart)",
  },
  {
    name: COMPARISON.treatment,
    pattern: "proposed",
    observability: "distributed",
    deploy: "restart",
    role: "treatment: the paper's Figure 2 (split units, a monitor on every data flow)",
  },
  {
    name: "gateway",
    pattern: "gateway",
    observability: "distributed",
    deploy: "restart",
    role: "the paper's Figure 3: a gateway routing to a logic and an inference service, every flow watched",
  },
  {
    name: "three-layer+distributed",
    pattern: "three-layer",
    observability: "distributed",
    deploy: "restart",
    role: "ablation: the baseline with the treatment's monitoring, placed in-process",
  },
  {
    name: "three-layer+blue-green",
    pattern: "three-layer",
    observability: "app",
    deploy: "blue-green",
    role: "ablation: the baseline redeployed blue-green instead of by restart",
  },
];

/** `npm start`: the paper's baseline against its treatment. */
export const DEFAULT_ARMS = [COMPARISON.baseline, COMPARISON.treatment] as const;

/**
 * Contrasts between arms that differ in one factor, so each difference is the factor's share:
 * with the baseline and the treatment, monitoring + split = the whole difference (on paired medians
 * the shares need not add up exactly; each is reported with its own interval).
 */
export const ATTRIBUTION: readonly { factor: string; from: string; to: string }[] = [
  { factor: "monitoring", from: COMPARISON.baseline, to: "three-layer+distributed" },
  { factor: "split (equal monitoring)", from: "three-layer+distributed", to: COMPARISON.treatment },
  { factor: "deploy strategy", from: COMPARISON.baseline, to: "three-layer+blue-green" },
];

export class ArmError extends Error {
  override name = "ArmError";
}

/** The name of an arm given by its factors: the catalog's when one matches, else pattern+profile+strategy. */
export function armName(pattern: string, observability: Observability, deploy: DeployStrategy): string {
  const known = ARMS.find(
    (a) => a.pattern === pattern && a.observability === observability && a.deploy === deploy,
  );
  return known?.name ?? `${pattern}+${observability}+${deploy}`;
}

/** One arm by catalog name, or by its factors written pattern/observability/deploy. */
export function parseArm(spec: string): Arm {
  const known = ARMS.find((a) => a.name === spec);
  if (known) return known;
  const parts = spec.split("/");
  if (parts.length !== 3)
    throw new ArmError(
      `unknown arm '${spec}': give a name (${ARMS.map((a) => a.name).join(", ")}) or pattern/observability/deploy`,
    );
  const [pattern, observability, deploy] = parts;
  if (!knownPatterns.has(pattern))
    throw new ArmError(
      `arm '${spec}': unknown pattern '${pattern}'; known: ${knownPatterns.names.join(", ")}`,
    );
  if (!(OBSERVABILITY_PROFILES as readonly string[]).includes(observability))
    throw new ArmError(
      `arm '${spec}': unknown observability '${observability}'; known: ${OBSERVABILITY_PROFILES.join(", ")}`,
    );
  if (!(DEPLOY_STRATEGIES as readonly string[]).includes(deploy))
    throw new ArmError(
      `arm '${spec}': unknown deploy strategy '${deploy}'; known: ${DEPLOY_STRATEGIES.join(", ")}`,
    );
  const o = observability as Observability;
  const d = deploy as DeployStrategy;
  return {
    name: armName(pattern, o, d),
    pattern,
    observability: o,
    deploy: d,
    role: "declared on the command line",
  };
}

/**
 * The arms a run asks for: "default" (baseline and treatment), "all" (the catalog, every arm whose
 * pattern is registered), or names and pattern/observability/deploy specs; duplicates refused.
 */
export function resolveArms(specs: readonly string[] = ["default"]): Arm[] {
  const expanded = specs.flatMap((s) =>
    s === "default" ? [...DEFAULT_ARMS] : s === "all" ? ARMS.map((a) => a.name) : [s],
  );
  const arms = expanded.map(parseArm);
  const seen = new Set<string>();
  for (const a of arms) {
    if (seen.has(a.name)) throw new ArmError(`arm '${a.name}' is asked for twice`);
    seen.add(a.name);
  }
  return arms;
}

/**
 * The comparison a set of arms declares: the catalog's baseline and treatment when both run, else
 * the first arm against the second (a run of one arm compares nothing: treatment absent).
 */
export function comparisonOf(names: readonly string[]): { baseline: string; treatment: string } | undefined {
  if (names.includes(COMPARISON.baseline) && names.includes(COMPARISON.treatment)) return { ...COMPARISON };
  return names.length >= 2 ? { baseline: names[0], treatment: names[1] } : undefined;
}
