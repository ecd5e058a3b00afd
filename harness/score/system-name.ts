/** "task/pattern" -> its two halves; a name without "/" is all task. */
export function splitSystem(system: string): { task: string; pattern: string } {
  const at = system.indexOf("/");
  return at < 0
    ? { task: system, pattern: "" }
    : { task: system.slice(0, at), pattern: system.slice(at + 1) };
}
