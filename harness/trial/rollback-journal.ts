/**
 * What every rollback in a trial leaves in the journal, whoever decided it (the runbook, a person
 * at the console, the RQ2 drill): the `rollback` record with the parts it reverted, then the
 * verification probe until it passes on the release production names.
 */
import { releaseName } from "../../systems/kit/protocol/index.ts";
import { changedParts } from "../../systems/kit/release/components.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import type { Journal } from "./journal.ts";
import type { TrialHooks } from "./run.ts";
import { verify } from "./verify.ts";

export function journalRollback(x: {
  h: SystemHandle;
  task: TaskDefinition;
  journal: Journal;
  t: () => number;
  probe: { requests: Record<string, unknown>[]; timeoutMs: number };
}): TrialHooks["onRollback"] {
  const { h, journal } = x;
  return async (r) => {
    const { releases } = await h.releases(r.unit).catch(() => ({ releases: [] }));
    const releaseOf = (n: number) => releases.find((x) => x.number === n) ?? null;
    journal.append({
      type: "rollback",
      unit: r.unit,
      from: r.from,
      to: r.to,
      decision_ms: r.decisionMs,
      done_ms: r.doneMs,
      tests_pass_ms: null,
      ok: r.ok,
      reverted: changedParts(releaseOf(r.from), releaseOf(r.to)),
    });
    const verifiedMs = r.ok
      ? await verify({
          api: h.api,
          task: x.task,
          requests: x.probe.requests,
          expectRelease: async () => {
            const p = (await h.releases(h.modelUnit)).production;
            return p ? releaseName({ unit: h.modelUnit, number: p.number }) : null;
          },
          journal,
          t: x.t,
          timeoutMs: x.probe.timeoutMs,
        })
      : null;
    return { verifiedMs };
  };
}
