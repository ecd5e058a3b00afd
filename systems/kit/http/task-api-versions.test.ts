import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classification } from "../../tasks/classification/task.ts";
import { fakeClock } from "../clock.ts";
import { atVersion, versionOf } from "../contract-versions.ts";
import { createMetrics } from "../monitor/metrics.ts";
import { REQUEST_HEADERS } from "../protocol/index.ts";
import { periodRows } from "../split.ts";
import { openStore } from "../store/index.ts";
import type { Store } from "../store/store.ts";
import type { Prediction, TaskDefinition } from "../task.ts";
import { VersionRefused } from "./errors.ts";
import { createLogger } from "./log.ts";
import { createService } from "./service.ts";
import { type CollectKind, type FlatRecord, migrateServing, mountTaskApi } from "./task-api.ts";
import { listen, type UnitHandle } from "./unit.ts";

const task = classification as unknown as TaskDefinition;
const sunny: Prediction = {
  label: "sun",
  confidence: 0.9,
  value: null,
  limit: null,
  scores: { drizzle: 0.02, fog: 0.03, rain: 0.03, snow: 0.02, sun: 0.9 },
};
// The first day of the later data as a v1 client and as a client of the new feed (v2: wind_speed, temp_mean) send it.
const [day] = periodRows(task, task.periods.later[0]);
const v1 = task.toRequest(day, 0);
const v2 = atVersion(task, "v2").toRequest(day, 0);

/** One public API: `speaks` as a unit declares it; the engine answers, or refuses the version. */
async function mount(speaks: string[] | undefined, engineSpeaks: string) {
  const collected: { kind: CollectKind; record: FlatRecord }[] = [];
  const seen: string[] = [];
  const store: Store = openStore(":memory:");
  await migrateServing(store);
  await task.logic.migrate(store);
  const clock = fakeClock(Date.parse("2024-03-01T12:00:00Z"));
  const ids = { system: "classification/test", unit: "logic" };
  const metrics = createMetrics(ids);
  const logger = createLogger(ids, clock, () => {});
  const service = createService({ metrics, logger, adminToken: "t" });
  mountTaskApi(service.app, {
    task,
    store,
    clock,
    metrics,
    logger,
    speaks,
    collector: { collect: (kind, record) => collected.push({ kind, record }) },
    async predict(_input, at) {
      seen.push(versionOf(at));
      if (versionOf(at) !== engineSpeaks) throw new VersionRefused(`the engine speaks ${engineSpeaks}`);
      return { prediction: sunny, release: { unit: "bundle", number: 1 } };
    },
  });
  const handle: UnitHandle = await listen(service.finish(), { port: 0 });
  const post = async (body: unknown, version?: string) => {
    const res = await fetch(`http://127.0.0.1:${handle.port}/api/plan`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(version ? { [REQUEST_HEADERS.contract]: version } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  return { post, collected, seen, close: () => handle.close().then(() => store.close()) };
}

describe("the public API's contract versions", () => {
  let app: Awaited<ReturnType<typeof mount>>;
  let logic: Awaited<ReturnType<typeof mount>>;
  beforeAll(async () => {
    // A three-layer app on a v1 release speaks v1 only; a logic unit speaks what the task declares.
    app = await mount(["v1"], "v1");
    logic = await mount(undefined, "v1");
  });
  afterAll(async () => {
    await app.close();
    await logic.close();
  });

  it("takes a request without a version header as v1", async () => {
    const res = await app.post(v1);
    expect(res.status).toBe(200);
    expect(app.seen.at(-1)).toBe("v1");
  });

  it("refuses a version the unit does not speak with a 422 naming the header, the rule and the version, and keeps the record", async () => {
    const res = await app.post(v2, "v2");
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ field: REQUEST_HEADERS.contract, rule: "version" });
    expect(res.body.error.message).toMatch(
      /contract version 'v2' is not spoken here: this release speaks v1/,
    );
    const kept = app.collected.at(-1);
    expect(kept?.kind).toBe("quarantine");
    expect(kept?.record).toMatchObject({ contract: "v2", fields: REQUEST_HEADERS.contract });
    expect(JSON.parse(String(kept?.record.body))).toEqual(v2);
  });

  it("refuses a version no one declared, and a v1 body sent as v2, naming what broke", async () => {
    const unknown = await logic.post(v1, "v7");
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.rule).toBe("version");
    const misread = await logic.post(v1, "v2");
    expect(misread.status).toBe(422);
    expect(
      misread.body.error.violations.map((v: { field: string; rule: string }) => `${v.field}:${v.rule}`),
    ).toEqual(expect.arrayContaining(["wind_speed:required", "temp_mean:required", "wind:unknown"]));
  });

  it("passes a v2 request on at v2, and answers without the engine (guard 'contract') when the engine refuses it", async () => {
    const res = await logic.post(v2, "v2");
    expect(res.status).toBe(200);
    expect(logic.seen.at(-1)).toBe("v2");
    expect(res.body).toMatchObject({ guard: "contract", weather: null, release: "none" });
    // Collected with its version: a v2 release learns from v2 requests only.
    expect(logic.collected.at(-1)).toMatchObject({
      kind: "request",
      record: { contract_version: "v2", wind_speed: day.wind },
    });
  });
});
