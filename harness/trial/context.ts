import { UnknownNameError } from "../../systems/kit/catalog.ts";
import type { CheckResult, Period, TaskDefinition } from "../../systems/kit/task.ts";
import type { Journal } from "./journal.ts";

/** Runs a named step, journaling start, end, duration and status; a failure is recorded, not thrown. */
export function stepper(journal: Journal, t: () => number) {
  return async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const start = t();
    const record = (status: "ok" | "failed", detail?: string) =>
      journal.append({
        type: "step",
        name,
        start_ms: start,
        end_ms: t(),
        duration_ms: t() - start,
        status,
        ...(detail ? { detail } : {}),
      });
    try {
      const out = await fn();
      record("ok");
      return out;
    } catch (err) {
      record("failed", String((err as Error)?.message ?? err).slice(0, 2000));
      return undefined;
    }
  };
}

export type Step = ReturnType<typeof stepper>;

export function periodNamed(task: TaskDefinition, name: string): Period {
  const all = [task.periods.initial, ...task.periods.later];
  const p = all.find((x) => x.name === name);
  if (!p)
    throw new UnknownNameError(
      `period of task ${task.name}`,
      name,
      all.map((x) => x.name),
    );
  return p;
}

/**
 * The scenario's steady-state hypothesis: every required check (all when none are named) passes,
 * or, after the injection, keeps within the scenario's tolerance of its value before it (a
 * tolerance applies to the checks whose name starts with its key, e.g. "accuracy").
 */
export function steadyHolds(
  checks: CheckResult[],
  before: CheckResult[] | null,
  hypothesis: { checks: string[]; tolerance: Record<string, number> },
): boolean {
  const required = hypothesis.checks.length
    ? checks.filter((c) => hypothesis.checks.includes(c.name))
    : checks;
  if (hypothesis.checks.length && required.length < hypothesis.checks.length) return false;
  return required.every((c) => {
    if (c.passed) return true;
    const was = before?.find((b) => b.name === c.name)?.value;
    const key = Object.keys(hypothesis.tolerance).find((k) => c.name.startsWith(k));
    return (
      key !== undefined &&
      was !== undefined &&
      c.value !== undefined &&
      c.value >= was - hypothesis.tolerance[key]
    );
  });
}

/** Runs the task's scenario tests and journals whether the steady state holds in a phase. */
export function steadyRunner(
  journal: Journal,
  t: () => number,
  tests: () => Promise<CheckResult[]>,
  hypothesis: { checks: string[]; tolerance: Record<string, number> },
) {
  let before: CheckResult[] = [];
  return async (phase: "before" | "after" | "rollback" | "v2") => {
    const checks = await tests();
    const passed = steadyHolds(checks, phase === "before" ? null : before, hypothesis);
    if (phase === "before") before = checks;
    journal.append({ type: "steady-state", phase, at_ms: t(), passed, checks });
    return passed;
  };
}
