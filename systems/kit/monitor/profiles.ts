import type { Observability } from "../protocol/index.ts";

/** The kinds of watch a unit can keep, by the flow each one watches. */
export type Watch =
  /** the requests the unit serves at its public boundary: load, latency, error answers */
  | "service"
  /** calls to a store: the database, the lake */
  | "store"
  /** the business rules on every answer */
  | "rules"
  /** users' reports of the true outcome, per release (the business KPI) */
  | "feedback"
  /** the contract's violations and the model inputs' distributions */
  | "inputs"
  /** processed vectors against training (serving/training skew) */
  | "vectors"
  /** the engine's outputs against training, and the share the logic's guard refuses */
  | "outputs"
  /** calls from one part to another (a unit over HTTP, the engine in-process) */
  | "parts";

/**
 * What each observability profile watches: the one definition. `app` is what the paper's Figure 1
 * team watches (its business-logic data flow at the public boundary, the database, business KPIs
 * from users' feedback); `distributed` adds a monitor on every data flow (Figure 2), among them the
 * engine's outputs as the logic receives them (their drift, and the share its guard refuses): an
 * internal flow, engine -> logic, that the Figure 1 team does not watch.
 */
export const WATCHES: Record<Observability, readonly Watch[]> = {
  app: ["service", "store", "rules", "feedback"],
  distributed: ["service", "store", "rules", "feedback", "inputs", "vectors", "outputs", "parts"],
};

export function watches(profile: Observability, watch: Watch): boolean {
  return WATCHES[profile].includes(watch);
}
