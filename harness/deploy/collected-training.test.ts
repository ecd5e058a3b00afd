/**
 * What a user sends and reports reaches the next model release's training data, in every pattern:
 * a request to the public API and its true label through /api/feedback are collected where the
 * pattern keeps them (its database, or its collector's lake), and the pattern's pipeline trains
 * the next release on them, recording which decisions it learned from.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestRows } from "../../systems/kit/features/index.ts";
import { requestJson } from "../../systems/kit/http/client.ts";
import { Lake } from "../../systems/kit/lake/index.ts";
import { REQUEST_HEADERS } from "../../systems/kit/protocol/index.ts";
import { COLLECTED_FILE } from "../../systems/kit/release/train.ts";
import { initialSplit, trainingOrder } from "../../systems/kit/split.ts";
import { openStore } from "../../systems/kit/store/index.ts";
import { sources } from "../../systems/patterns/proposed/collector/app.ts";
import { runFiles } from "../../systems/patterns/types.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { SystemHandle } from "./deploy.ts";
import { until } from "./system-suite.ts";

const task = getTask("classification");
const { train: seeded, heldOut } = initialSplit(task);

// A cache of this run's own: a release cached by an earlier run (same rows, same digest) would
// carry the provenance file an older build wrote, and the test would prove nothing about this one.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-collected-"));
const sharedCache = process.env.ARCHDRILL_CACHE;
process.env.ARCHDRILL_CACHE = path.join(scratch, "cache");
afterAll(() => {
  if (sharedCache === undefined) delete process.env.ARCHDRILL_CACHE;
  else process.env.ARCHDRILL_CACHE = sharedCache;
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Records collected so far: in the collector's lake when the system has one, else in its database. */
async function collected(h: SystemHandle): Promise<{ requests: number; feedback: number }> {
  if (h.units.has("collector")) {
    const lake = await Lake.open(path.join(h.runDir, runFiles.lake));
    try {
      return { requests: await lake.count(sources.request), feedback: await lake.count(sources.feedback) };
    } finally {
      await lake.close();
    }
  }
  const store = openStore(path.join(h.runDir, runFiles.db));
  try {
    const count = async (kind: string) =>
      (await store.get<{ n: number }>("select count(*) as n from collected where kind = ?", [kind]))?.n ?? 0;
    return { requests: await count("request"), feedback: await count("feedback") };
  } finally {
    await store.close();
  }
}

// Each pattern's user sends another held-out day: different rows, so each pattern trains a release
// of its own rather than reusing the one another pattern's pipeline wrote.
describe.each([
  ["three-layer", 0],
  ["proposed", 1],
  ["gateway", 2],
])("[process] classification/%s", (pattern, day) => {
  let h: SystemHandle;
  beforeAll(async () => {
    h = await SystemHandle.start({
      system: `classification/${pattern}`,
      runDir: path.join(scratch, pattern),
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A request to the public API and its true label as feedback; the decision's id. */
  async function sendAndReport(i: number, headers: Record<string, string> = {}): Promise<number> {
    const row = heldOut[i];
    const asked = await requestJson(`${h.api}${task.route}`, { body: task.toRequest(row, i), headers });
    expect(asked.status).toBe(200);
    const id = (asked.body as { id: number }).id;
    const told = await requestJson(`${h.api}/api/feedback`, {
      body: { id, label: row[task.target] },
      headers,
    });
    expect(told.status).toBe(201);
    return id;
  }

  it("trains the next model release on what a user sent and reported, and not on the harness's own checks", async () => {
    const user = await sendAndReport(day);
    // The harness's synthetic check, the next held-out day: production training must leave it out.
    await sendAndReport(day + 3, { [REQUEST_HEADERS.synthetic]: "1" });
    await until("both requests and both reports to be collected", async () => {
      const c = await collected(h);
      return c.requests >= 2 && c.feedback >= 2 ? c : undefined;
    });

    const number = await h.train({ note: "with what users sent and reported" });
    const release = (await h.releases(h.modelUnit)).releases.find((r) => r.number === number);
    if (!release) throw new Error(`release ${number} of ${h.modelUnit} is not registered`);
    expect(JSON.parse(fs.readFileSync(path.join(release.path, COLLECTED_FILE), "utf8"))).toEqual([user]);
    expect(release.lineage.params).toMatchObject({ rows: seeded.length + 1, collected: 1 });
    // The user's day with the label they reported is a training row (a classification row is its
    // model fields and its target, as the dataset has it): the data digest says exactly which rows.
    expect(release.lineage.dataDigest).toBe(digestRows(trainingOrder([...seeded, heldOut[day]], task)));
  });
});
