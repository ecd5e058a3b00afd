import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { requestJson } from "../../systems/kit/http/client.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { SystemHandle } from "../deploy/deploy.ts";
import { runCanary } from "./run.ts";

/** The paper's worked example: a new engine release of the chatbot goes out as a canary. */
const TASK = "chatbot";

/** Users asking and reporting the true outcome at once, until stopped. */
function users(handle: SystemHandle) {
  const task = getTask(TASK);
  const rows = initialSplit(task).heldOut;
  let stop = false;
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const row = rows[i % rows.length];
      // A three-layer promote restarts the app: requests fail meanwhile, and users carry on.
      try {
        const res = await requestJson(`${handle.api}${task.route}`, { body: task.toRequest(row, i) });
        const answer = z.object({ id: z.number() }).safeParse(res.body);
        if (res.status === 200 && answer.success)
          await requestJson(`${handle.api}/api/feedback`, {
            body: { id: answer.data.id, label: String(row[task.target]) },
          });
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  return async () => {
    stop = true;
    await done;
  };
}

describe.each(["proposed", "three-layer"])(`[process] a canary on ${TASK}/%s`, (pattern) => {
  let handle: SystemHandle;
  let worse: number;
  beforeAll(async () => {
    handle = await SystemHandle.start({ system: `${TASK}/${pattern}` });
    worse = await handle.train({ labelNoise: 0.6, note: "worse: trained on noisy labels" });
  });
  afterAll(async () => {
    await handle?.stop();
  });

  it("aborts a worse release from users' feedback and keeps production, logging both moves", async () => {
    const before = (await handle.releases()).production?.number;
    const stopUsers = users(handle);
    try {
      const r = await runCanary(handle, { release: worse, fraction: 0.5, timeoutMs: 90_000, pollMs: 300 });
      expect(r.verdict, r.reason).toBe("abort");
      expect(r.canary.accuracy).toBeLessThan(r.production.accuracy);
    } finally {
      await stopUsers();
    }
    expect((await handle.releases()).production?.number).toBe(before);
    expect((await handle.releases()).moves.slice(-2)).toEqual([
      expect.objectContaining({ alias: "canary", to: worse, who: "comparative-evaluation" }),
      expect.objectContaining({ alias: "canary", to: before, who: "comparative-evaluation" }),
    ]);
  }, 180_000);

  it("promotes a better release (a clean retrain, with no feedback yet) canaried against a worse production", async () => {
    const good = await handle.train({ seed: getTask(TASK).seed + 1, note: "clean retrain" });
    await handle.deploy(handle.modelUnit, worse, { who: "test", reason: "the worse release goes out" });
    const stopUsers = users(handle);
    try {
      const r = await runCanary(handle, { release: good, fraction: 0.5, timeoutMs: 90_000, pollMs: 300 });
      expect(r.verdict, r.reason).toBe("promote");
      expect(r.canary.n).toBeGreaterThanOrEqual(40);
    } finally {
      await stopUsers();
    }
    expect((await handle.releases()).production?.number).toBe(good);
    expect((await handle.releases()).moves.at(-1)).toMatchObject({
      alias: "production",
      from: worse,
      to: good,
    });
  }, 180_000);
});
