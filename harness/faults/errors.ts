/** One error tree for the faults area: a fault that cannot apply to a task says why, by name. */
export class FaultError extends Error {
  override name = "FaultError";
}
