import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isRecord, mapLimit, requestJson } from "../../systems/kit/http/client.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { freePort, UnitProcess } from "./process.ts";

export interface ReplayAnswer {
  /** The engine's answer: a class or cluster, or a regression's number. */
  label: string | number | null;
  decision: string | null;
  status: number;
}

/**
 * Replays recorded requests on release `number` of a unit that must restart to change release: a
 * side instance started on that release with a scratch database (no alerts), asked as any client
 * would, then stopped — exactly what a person would have to do.
 */
export async function replayOnSide(
  proc: UnitProcess,
  number: number,
  payloads: Record<string, unknown>[],
): Promise<ReplayAnswer[]> {
  const task = getTask(proc.config.task);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-replay-"));
  const side = new UnitProcess(proc.spec, {
    ...proc.config,
    unit: `${proc.config.unit}-replay`,
    port: await freePort(),
    alertWebhook: null,
    replay: { release: number, dbFile: path.join(scratch, "db.sqlite") },
  });
  try {
    await side.start();
    return await mapLimit(payloads, 4, async (p) => {
      const res = await requestJson(`${side.url}${task.route}`, { body: p });
      // A public answer, read as any client would: the task's label and decision fields.
      const b = isRecord(res.body) ? res.body : {};
      const str = (v: unknown) => (typeof v === "string" ? v : null);
      const answer = b[task.answer.label];
      return {
        label: typeof answer === "number" ? answer : str(answer),
        decision: str(b[task.answer.decision]),
        status: res.status,
      };
    });
  } finally {
    await side.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
