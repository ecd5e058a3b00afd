import { getPattern } from "../../systems/patterns/index.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { DeployError } from "./process.ts";

/** The initial release's training seed for a trial (or `up`) seed: seed 1 trains with the task's own. */
export const trainingSeed = (taskSeed: number, seed: number): number => taskSeed + seed - 1;

export function parseSystem(system: string): { task: string; pattern: string } {
  const [task, pattern, ...rest] = system.split("/");
  if (!task || !pattern || rest.length)
    throw new DeployError(`a system is <task>/<pattern>, e.g. classification/proposed (got '${system}')`);
  getTask(task);
  getPattern(pattern);
  return { task, pattern };
}
