import { z } from "zod";

/**
 * How a unit that is replaced by a process goes to another release (a unit served by alias swaps
 * in place either way): `restart` stops it and starts it again on its address; `blue-green` starts
 * the new instance beside the old behind a load balancer, switches, and stops the old once drained.
 * One of an arm's declared factors, the same for every pattern.
 */
export const DEPLOY_STRATEGIES = ["restart", "blue-green"] as const;
export const deployStrategySchema = z.enum(DEPLOY_STRATEGIES);
export type DeployStrategy = z.infer<typeof deployStrategySchema>;

/**
 * What the system's operators watch, the arm's other declared factor, the same monitor library in
 * every pattern: `app` is the paper's Figure 1 team (the service's own requests at its public
 * boundary: load, latency and errors; its database calls; the business rules; users' feedback),
 * `distributed` the paper's Figure 2 (besides those, a monitor on every data flow: the model's
 * inputs and the contract, processed vectors, the engine's outputs (their drift, and the share the logic's
 * guard refuses), calls between units and to the lake).
 */
export const OBSERVABILITY_PROFILES = ["app", "distributed"] as const;
export const observabilitySchema = z.enum(OBSERVABILITY_PROFILES);
export type Observability = z.infer<typeof observabilitySchema>;

/** An arm's factors beside its pattern, as a command or a trial takes them (defaults: restart, distributed). */
export interface ArmFactors {
  deploy?: DeployStrategy;
  observability?: Observability;
}
