/**
 * The verification probe: after a rollback, the same small fixed set of held-out requests, in
 * every pattern, sent as synthetic traffic (left out of production monitors) with backoff until
 * every one is answered 200, unguarded, by the release the model unit's production names.
 */
import { isRecord, mapLimit, requestJson } from "../../systems/kit/http/client.ts";
import { REQUEST_HEADERS } from "../../systems/kit/protocol/index.ts";
import { rng, shuffled } from "../../systems/kit/random.ts";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";
import type { Journal } from "./journal.ts";
import { until } from "./until.ts";

export const PROBE_SIZE = 20;

type Payload = Record<string, unknown>;

/**
 * The probe: PROBE_SIZE request bodies made from the held-out rows in a fixed seeded order, each
 * at the next position, kept only when it reaches the engine. A request the logic answers alone
 * (the chatbot's predefined questions, which a task may place by position) names no model
 * release, so it could never show the model unit's production answering.
 */
export function probeRequests(heldOut: Row[], task: TaskDefinition): Payload[] {
  const out: Payload[] = [];
  let i = 0;
  for (const row of shuffled(heldOut, rng("verification-probe"))) {
    if (out.length === PROBE_SIZE) break;
    const payload = task.toRequest(row, i++);
    if (task.usesModel?.(payload) ?? true) out.push(payload);
  }
  return out;
}

export interface VerifyOptions {
  api: string;
  task: TaskDefinition;
  requests: Payload[];
  /** The name of the release answers must come from (the model unit's production), null if unknown. */
  expectRelease(): Promise<string | null>;
  journal: Journal;
  t(): number;
  timeoutMs: number;
}

/** The trial-clock time the probe first passed, or null when it did not within the time. */
export async function verify(o: VerifyOptions): Promise<number | null> {
  const passed = await until(
    async (attempt) => {
      const expect = await o.expectRelease().catch(() => null);
      const answers = await mapLimit(o.requests, 4, (body, k) =>
        requestJson(`${o.api}${o.task.route}`, {
          body,
          headers: { [REQUEST_HEADERS.synthetic]: "1", [REQUEST_HEADERS.id]: `probe-${attempt}-${k}` },
        }).catch(() => null),
      );
      const good = answers.filter(
        (a) =>
          a?.status === 200 &&
          isRecord(a.body) &&
          (a.body.guard ?? null) === null &&
          expect !== null &&
          a.body.release === expect,
      ).length;
      const ok = good === o.requests.length;
      const at = o.t();
      o.journal.append({
        type: "probe",
        at_ms: at,
        attempt,
        passed: ok,
        good,
        sent: o.requests.length,
        expect_release: expect,
      });
      return ok ? at : undefined;
    },
    { timeoutMs: o.timeoutMs, firstWaitMs: 50, maxWaitMs: 1000 },
  );
  return passed ?? null;
}
