import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callJson } from "../../systems/kit/http/client.ts";
import { inferenceFaultReplySchema } from "../../systems/kit/protocol/index.ts";
import { SystemHandle } from "./deploy.ts";

const SKEW = { shift: 1, stretch: 1.5, drop: 0.5, seed: 3 };

describe.each(["restart", "blue-green"] as const)(
  "[process] a fault set inside classification/three-layer, deployed by %s",
  (deploy) => {
    let handle: SystemHandle;
    beforeAll(async () => {
      handle = await SystemHandle.start({ system: "classification/three-layer", deploy });
    });
    afterAll(async () => {
      await handle?.stop();
    });

    it("stays set when the unit is replaced by a rollback, and goes only when the harness clears it", async () => {
      const unit = handle.logicUnit;
      const held = async () =>
        callJson(inferenceFaultReplySchema, `${handle.units.get(unit)?.url}/admin/faults/inference`, {
          token: handle.adminToken,
        });
      expect(await handle.inferenceFault({ processing: SKEW })).toContain(unit);
      const second = await handle.releaseLogic("default", "test: a second release to go back from");
      await handle.deploy(unit, second, { who: "test", reason: "release" });
      await handle.rollback(unit, { who: "test", reason: "rollback" });
      expect(await held()).toEqual({ processing: SKEW, engine: null });
      await handle.inferenceFault({ processing: null });
      expect(await held()).toEqual({ processing: null, engine: null });
    });
  },
);
