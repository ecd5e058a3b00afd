/**
 * A trial's truth at the grain the architecture changes: beside the scenario's part and cause, the
 * unit an operator acts on in this system (the fault's role resolved through the pattern's own
 * declaration, never its name), the data flow where the fault first shows, and the features it
 * changes. Taken from the scenario's fault whose part and cause are the ground truth (the first
 * fault when none is).
 */
import type { Flow } from "../../systems/kit/protocol/index.ts";
import type { Scenario } from "../scenario/schema.ts";
import { timelineContext } from "../traffic/plan.ts";
import { faultTruth, getFault } from "./index.ts";
import type { Cause, Part, UnitRole } from "./types.ts";

export interface UnitRoles {
  modelUnit: string;
  logicUnit: string;
}

export interface GrainedTruth {
  part: Part;
  cause: Cause;
  unit: string;
  flow: Flow;
  features: string[];
}

/** The unit a role names in a pattern: the database lives with the logic in every pattern. */
export const unitFor = (role: UnitRole, units: UnitRoles): string =>
  role === "model" ? units.modelUnit : units.logicUnit;

export function truthOf(scenario: Scenario, seed: number, units: UnitRoles): GrainedTruth {
  const truth = scenario.groundTruth;
  const entry =
    scenario.faults.find((f) => {
      const d = faultTruth(f.type, f.params);
      return d.part === truth.part && d.cause === truth.cause;
    }) ?? scenario.faults[0];
  const fault = getFault(entry.type);
  const params = fault.params.parse(entry.params ?? {});
  const made = faultTruth(entry.type, params);
  return {
    ...truth,
    unit: unitFor(made.at, units),
    flow: made.flow,
    features: fault.features?.(timelineContext(scenario, seed), params) ?? [],
  };
}
