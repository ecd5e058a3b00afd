import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestJson } from "../../systems/kit/http/client.ts";
import { databaseNameFor, withDatabase } from "../../systems/kit/protocol/index.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import { openStore, type Store } from "../../systems/kit/store/index.ts";
import { mysqlAvailable, testMysql } from "../../systems/kit/store/testing.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { SystemHandle } from "./deploy.ts";
import { modeOf, resolveServices, ServicesError } from "./services.ts";

const available = await mysqlAvailable();
const dockerSocket = ["/var/run/docker.sock", `${process.env.HOME}/.docker/run/docker.sock`].some((p) =>
  fs.existsSync(p),
);

describe("services modes", () => {
  it("takes --mysql alone as external and refuses it beside embedded", async () => {
    expect(modeOf({})).toBe("embedded");
    expect(modeOf({ mysql: "mysql://x/" })).toBe("external");
    await expect(resolveServices("embedded", { mysql: "mysql://x/" })).rejects.toThrow(
      /--mysql needs --services external/,
    );
    expect((await resolveServices("embedded")).services).toBeUndefined();
  });

  it("names the server it cannot use and how to point at another", async () => {
    await expect(resolveServices("external", { mysql: "mysql://root@127.0.0.1:9/" })).rejects.toThrow(
      /server at mysql:\/\/root@127\.0\.0\.1:9\/ cannot be used: .*pass --mysql <url>/,
    );
  });

  it.skipIf(dockerSocket)(
    "says plainly that containers mode needs a Docker engine where there is none",
    async () => {
      const err = await resolveServices("containers").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServicesError);
      expect(String(err)).toMatch(/needs a Docker engine.*--services external --mysql <url>/s);
    },
    60_000,
  );

  it.skipIf(!dockerSocket)(
    "starts MySQL in a container where Docker exists",
    async () => {
      const r = await resolveServices("containers");
      try {
        expect(r.services?.database).toMatch(/^mysql:\/\/root:archdrill@/);
      } finally {
        await r.stop();
      }
    },
    300_000,
  );
});

describe.skipIf(!available)("[services] every pattern's database on MySQL/MariaDB", () => {
  const task = getTask("classification");
  const bodies = initialSplit(task)
    .heldOut.slice(0, 20)
    .map((r, i) => task.toRequest(r, i));

  for (const pattern of ["three-layer", "proposed", "gateway"]) {
    describe(pattern, () => {
      let h: SystemHandle;
      let db: Store;
      beforeAll(async () => {
        h = await SystemHandle.start({
          system: `classification/${pattern}`,
          who: "services test",
          services: { database: testMysql },
        });
        db = openStore(withDatabase(testMysql, databaseNameFor(h.runDir)));
      }, 180_000);
      afterAll(async () => {
        await db?.close();
        await h?.stop();
      });

      it("answers users and keeps every decision in its own database on the server", async () => {
        for (const body of bodies) {
          const r = await requestJson(`${h.api}${task.route}`, { body });
          expect(r.status).toBe(200);
        }
        expect(await db.get("select count(*) as n from decisions")).toEqual({ n: bodies.length });
      });

      it("trains the next release from where the pattern keeps its data, ships it and rolls it back", async () => {
        const second = await h.train({ seed: task.seed + 1, note: "services test" });
        await h.deploy(h.modelUnit, second, { who: "services test", reason: "release" });
        const back = await h.rollback(h.modelUnit, { who: "services test", reason: "rollback" });
        expect(back.move.to).toBeLessThan(second);
        const r = await requestJson(`${h.api}${task.route}`, { body: bodies[0] });
        expect(r.status).toBe(200);
      }, 180_000);

      it("leaves its database on the server when it stops, as a run folder stays", async () => {
        const name = databaseNameFor(h.runDir);
        await db.close();
        await h.stop();
        const server = openStore(testMysql);
        try {
          expect(await server.all("show databases like ?", [name])).toHaveLength(1);
          await server.exec(`drop database ${name}`);
        } finally {
          await server.close();
        }
      }, 60_000);
    });
  }
});
