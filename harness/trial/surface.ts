/**
 * The operator surface of a running trial: what the pattern's boundaries expose, and nothing more,
 * with the operator's effort counted (calls, replays, side systems started, records read) so the
 * work a pattern asks of its operator is measured, not only the time it takes.
 */
import { requestJson } from "../../systems/kit/http/client.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import type { ControlPlane } from "../deploy/control.ts";
import type { SystemHandle } from "../deploy/deploy.ts";
import type { OperatorSurface } from "../operators/surface.ts";

export interface Effort {
  surface_calls: number;
  replays: number;
  side_systems: number;
  records_read: number;
}

export function trialSurface(o: {
  h: SystemHandle;
  control: ControlPlane;
  task: TaskDefinition;
  /** performance.now() of the trial's origin, and of the traffic's start (alerts before it are not shown). */
  origin: number;
  since: () => number;
  recent: (n: number) => Record<string, unknown>[];
  positionOf: (requestId: string) => number | null;
  t: () => number;
}): { surface: OperatorSurface; effort(): Effort } {
  const { h, control } = o;
  const counts = { surface_calls: 0, replays: 0, records_read: 0 };
  const sideAtStart = h.sideSystems;
  const call = <T>(x: T): T => {
    counts.surface_calls++;
    return x;
  };
  const shown = () => control.receipts.filter((r) => r.at >= o.since());
  const surface: OperatorSurface = {
    inputFeatures: o.task.modelFields,
    units: [...h.units.keys()],
    modelUnit: h.modelUnit,
    logicUnit: h.logicUnit,
    alerts: () => shown().map((r) => ({ alert: r.alert, atMs: r.at - o.origin })),
    waitForAlert: (seen, signal) =>
      new Promise<void>((resolve) => {
        if (shown().length > seen || signal.aborted) return resolve();
        const stop = control.onAlert(() => {
          if (shown().length > seen) done();
        });
        const done = () => {
          stop();
          signal.removeEventListener("abort", done);
          resolve();
        };
        signal.addEventListener("abort", done, { once: true });
      }),
    metrics: async (unit) => call(String((await requestJson(`${h.url(unit)}/metrics`)).body)),
    logs: (unit, lines) => {
      const got = call(h.logTail(unit, lines));
      counts.records_read += got.length;
      return got;
    },
    releases: (unit) => call(h.releases(unit)),
    settled: (unit) => h.settled(unit),
    recent: (n) => {
      const got = call(o.recent(n));
      counts.records_read += got.length;
      return got;
    },
    positionOf: o.positionOf,
    replay: (unit, release, payloads) => {
      counts.replays++;
      return call(h.replay(unit, release, payloads));
    },
    rollback: (unit, by) => call(h.rollback(unit, by)),
    liveCanary: (unit) => call(h.liveCanary(unit)),
    abortCanary: async (unit, by) => {
      call(null);
      try {
        return await h.endCanary(unit, "abort", by);
      } catch (err) {
        // Already over (the judge ended it first): nothing to abort. Anything else is a real failure.
        if ((await h.liveCanary(unit)) === null) return null;
        throw err;
      }
    },
    now: o.t,
  };
  return { surface, effort: () => ({ ...counts, side_systems: h.sideSystems - sideAtStart }) };
}
