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
