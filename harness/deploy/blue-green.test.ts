import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestJson } from "../../systems/kit/http/client.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { SystemHandle } from "./deploy.ts";
import { alive } from "./system-suite.ts";

const TASK = "classification";

/** Four users sending requests back to back until stopped; every answer's status is kept. */
function users(api: string) {
  const task = getTask(TASK);
  const rows = initialSplit(task).heldOut;
  const statuses: number[] = [];
  let stop = false;
  const user = async (u: number) => {
    for (let i = u; !stop; i += 4) {
      const res = await requestJson(`${api}${task.route}`, {
        body: task.toRequest(rows[i % rows.length], i),
      }).catch(() => ({ status: 0 }));
      statuses.push(res.status);
    }
  };
  const done = Promise.all([0, 1, 2, 3].map(user));
  return async () => {
    stop = true;
    await done;
    return statuses;
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(["three-layer", "proposed"])(`[process] a blue-green deploy of ${TASK}/%s`, (pattern) => {
  let handle: SystemHandle;
  beforeAll(async () => {
    handle = await SystemHandle.start({ system: `${TASK}/${pattern}`, deploy: "blue-green" });
  });
  afterAll(async () => {
    await handle?.stop();
  });

  it("puts a logic release out and rolls it back under traffic without a failed request, stopping each old instance", async () => {
    const unit = handle.logicUnit;
    const blue = handle.units.get(unit)?.pid ?? null;
    const released = await handle.releaseLogic("default", "a logic regression, as release.logic ships it");
    const stopUsers = users(handle.api);
    await pause(300);
    await handle.deploy(unit, released, { who: "test", reason: "new logic" });
    const green = handle.units.get(unit)?.pid ?? null;
    await pause(300);
    await handle.rollback(unit, { who: "test", reason: "roll back" });
    await pause(300);
    const statuses = await stopUsers();
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(green).not.toBe(blue);
    expect([blue, green].filter((p) => p !== null && alive(p))).toEqual([]);
    expect((await handle.releases(unit)).production?.number).not.toBe(released);
  });
});
