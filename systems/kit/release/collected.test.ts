import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatbot } from "../../tasks/chatbot/task.ts";
import { classification } from "../../tasks/classification/task.ts";
import { tasks } from "../../tasks/index.ts";
import { regression } from "../../tasks/regression/task.ts";
import { fakeClock } from "../clock.ts";
import { digestRows } from "../features/index.ts";
import type { UnitContext } from "../http/context.ts";
import { Lake, type LakeRecord } from "../lake/index.ts";
import { initialSplit, trainingOrder } from "../split.ts";
import { openStore } from "../store/index.ts";
import { migrateCollected, readCollectedTraining, storeCollector } from "../store/training-data.ts";
import type { Row, TaskDefinition } from "../task.ts";
import { readManifest } from "./artifact.ts";
import { labeledRows, readCollectedFromLake, rowFields } from "./collected.ts";
import { buildModelRelease, COLLECTED_FILE, releaseDigest } from "./train.ts";

const weather = classification as unknown as TaskDefinition;
const births = regression as unknown as TaskDefinition;
const chat = chatbot as unknown as TaskDefinition;
const heldOut = initialSplit(weather).heldOut;

type Rec = Record<string, string | number | boolean | null>;

/** A request record as the public API collects it: the decision id, the flat input, the answer. */
const asked = (task: TaskDefinition, id: number, row: Row, extra: Rec = {}): Rec => ({
  id,
  ts: `2024-01-05T10:00:${String(id % 60).padStart(2, "0")}.000Z`,
  release: "bundle#1",
  ...(task.toRequest(row, id) as Rec),
  predicted: null,
  confidence: null,
  guard: null,
  synthetic: false,
  ...extra,
});

/** A user's report on a decision as the API collects it. */
const told = (id: number, label: string | null, extra: Rec = {}): Rec => ({
  decision_id: id,
  label,
  correct: null,
  ts: "2024-01-05T11:00:00.000Z",
  release: "bundle#1",
  synthetic: false,
  ...extra,
});

const truth = (task: TaskDefinition, row: Row) => String(row[task.target]);

describe("labeledRows", () => {
  it("a decision with feedback becomes one labeled row, the dataset's row itself", () => {
    const row = heldOut[0];
    const got = labeledRows(weather, [asked(weather, 4, row)], [told(4, truth(weather, row))]);
    expect(got).toEqual({ rows: [row], decisions: [4] });
  });

  it("a request without feedback, or with feedback that only says whether it was right, gives no row", () => {
    const requests = [asked(weather, 1, heldOut[0]), asked(weather, 2, heldOut[1])];
    const got = labeledRows(weather, requests, [told(2, null, { correct: 1 })]);
    expect(got).toEqual({ rows: [], decisions: [] });
  });

  it("feedback whose request was never collected gives no row", () => {
    const got = labeledRows(weather, [asked(weather, 1, heldOut[0])], [told(2, truth(weather, heldOut[1]))]);
    expect(got.decisions).toEqual([]);
  });

  it("synthetic requests and synthetic reports are left out, however the store kept the mark", () => {
    const marks = [true, 1, "true"];
    const requests = [
      ...marks.map((m, i) => asked(weather, i + 1, heldOut[i], { synthetic: m })),
      ...marks.map((_, i) => asked(weather, i + 4, heldOut[i + 3])),
      asked(weather, 7, heldOut[6], { synthetic: false }),
    ];
    const feedback = [
      ...marks.map((_, i) => told(i + 1, truth(weather, heldOut[i]))),
      ...marks.map((m, i) => told(i + 4, truth(weather, heldOut[i + 3]), { synthetic: m })),
      told(7, truth(weather, heldOut[6]), { synthetic: "false" }),
    ];
    expect(labeledRows(weather, requests, feedback).decisions).toEqual([7]);
  });

  it("the last labeled report of a decision wins, by time and then by arrival", () => {
    const requests = [asked(weather, 1, heldOut[0]), asked(weather, 2, heldOut[1])];
    const at = (s: number) => `2024-01-05T11:00:0${s}.000Z`;
    const feedback = [
      told(1, "sun", { ts: at(5) }),
      told(1, "fog", { ts: at(3) }), // arrived later but happened earlier
      told(1, null, { ts: at(9), correct: 0 }), // says the answer was wrong, not what was true
      told(2, "snow", { ts: at(1) }),
      told(2, "rain", { ts: at(1) }),
    ];
    const { rows } = labeledRows(weather, requests, feedback);
    expect(rows.map((r) => r.weather)).toEqual(["sun", "rain"]);
  });

  it("a label the task does not have gives no row", () => {
    const got = labeledRows(weather, [asked(weather, 1, heldOut[0])], [told(1, "hail")]);
    expect(got.rows).toEqual([]);
  });

  it("ids and values a store kept as text are matched and typed like the training rows", () => {
    const row = heldOut[0];
    const text = Object.fromEntries(Object.entries(asked(weather, 3, row)).map(([k, v]) => [k, String(v)]));
    const got = labeledRows(weather, [text], [told(3, truth(weather, row), { decision_id: "3" })]);
    expect(got).toEqual({ rows: [row], decisions: [3] });
  });

  it("rows come in decision-id order, each with the decision it came from", () => {
    const ids = [12, 3, 40];
    const requests = ids.map((id, i) => asked(weather, id, heldOut[i]));
    const feedback = ids.map((id, i) => told(id, truth(weather, heldOut[i]))).reverse();
    const got = labeledRows(weather, requests, feedback);
    expect(got.decisions).toEqual([3, 12, 40]);
    expect(got.rows).toEqual([heldOut[1], heldOut[0], heldOut[2]]);
  });

  it("a regression's reported outcome, text in every store, becomes the number the dataset has", () => {
    const row = initialSplit(births).heldOut[0];
    const { rows } = labeledRows(births, [asked(births, 1, row)], [told(1, String(row.births))]);
    expect(rows).toEqual([
      { date: row.date, day_of_week: row.day_of_week, date_of_month: row.date_of_month, births: row.births },
    ]);
    expect(typeof rows[0].births).toBe("number");
  });

  it("a predefined chatbot question, which the engine never saw, gives no row; a free question gives text and intent", () => {
    const rows = initialSplit(chat).heldOut;
    const free = rows[0];
    const i = rows.findIndex((r, j) => j > 0 && "question_id" in chat.toRequest(r, j));
    expect(i).toBeGreaterThan(0);
    const requests = [asked(chat, 1, free), { ...asked(chat, i, rows[i]), id: 2 }];
    const feedback = [told(1, truth(chat, free)), told(2, truth(chat, rows[i]))];
    expect(labeledRows(chat, requests, feedback)).toEqual({
      rows: [{ text: free.text, intent: free.intent }],
      decisions: [1],
    });
  });

  it.each(tasks.names)("a collected %s row has the fields and types of the task's training rows", (name) => {
    const task = tasks.get(name);
    const { train, heldOut: held } = initialSplit(task);
    const row = held[0];
    const { rows } = labeledRows(task, [asked(task, 1, row)], [told(1, truth(task, row))]);
    expect(rows).toHaveLength(1);
    const [got] = rows;
    expect(Object.keys(got).sort()).toEqual([...rowFields(task), task.target].sort());
    for (const [k, v] of Object.entries(got)) {
      expect(typeof v, k).toBe(typeof train[0][k]);
      expect(v, k).toEqual(row[k]);
    }
  });
});

describe("reading collected records", () => {
  it("the database's collected table gives the rows of what the API collected", async () => {
    const store = openStore(":memory:");
    await migrateCollected(store);
    const errors: string[] = [];
    const ctx = { logger: { error: (m: string) => errors.push(m) } } as unknown as UnitContext;
    const collector = storeCollector(ctx, store);
    collector.collect("request", asked(weather, 1, heldOut[0]));
    collector.collect("request", asked(weather, 2, heldOut[1], { synthetic: true }));
    collector.collect("feedback", told(1, truth(weather, heldOut[0])));
    collector.collect("feedback", told(2, truth(weather, heldOut[1]), { synthetic: true }));
    collector.collect("quarantine", { ts: "2024-01-05T10:00:00.000Z", body: "{}" });
    const got = await readCollectedTraining(store, weather);
    await store.close();
    expect(errors).toEqual([]);
    expect(got).toEqual({ rows: [heldOut[0]], decisions: [1] });
  });

  describe("from the lake", () => {
    let root: string;
    let lake: Lake;
    const sources = { request: "requests", feedback: "feedback" };
    beforeAll(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-collected-"));
      lake = await Lake.open(root, { clock: fakeClock(Date.parse("2024-01-05T12:00:00Z")) });
    });
    afterAll(async () => {
      await lake.close();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it("a lake the collector has not written to yet gives no rows and does not fail", async () => {
      expect(await readCollectedFromLake(lake, weather, sources)).toEqual({ rows: [], decisions: [] });
      await lake.append("requests", [asked(weather, 1, heldOut[0]) as LakeRecord]);
      expect(await readCollectedFromLake(lake, weather, sources)).toEqual({ rows: [], decisions: [] });
    });

    it("the lake's sources, written in batches as the collector flushes them, give the labeled rows", async () => {
      await lake.append("requests", [
        asked(weather, 2, heldOut[1]) as LakeRecord,
        asked(weather, 3, heldOut[2], { synthetic: true }) as LakeRecord,
      ]);
      // A batch of correct-only reports: its label column holds only nulls (typed as text).
      await lake.append("feedback", [told(2, null, { correct: 1 }) as LakeRecord]);
      await lake.append("feedback", [
        told(1, truth(weather, heldOut[0])) as LakeRecord,
        told(3, truth(weather, heldOut[2])) as LakeRecord,
      ]);
      await lake.append("feedback", [told(2, truth(weather, heldOut[1])) as LakeRecord]);
      const got = await readCollectedFromLake(lake, weather, sources);
      expect(got).toEqual({ rows: [heldOut[0], heldOut[1]], decisions: [1, 2] });
    });
  });
});

describe("a release trained on collected rows", () => {
  const variant = { epochs: 2, seed: 5 };
  let cacheDir: string;
  // A small slice keeps training to a few seconds; the code path is the full one.
  const seeded = trainingOrder(initialSplit(weather).train, weather).slice(0, 160);
  const collected = labeledRows(
    weather,
    [asked(weather, 7, heldOut[0]), asked(weather, 9, heldOut[1])],
    [told(7, truth(weather, heldOut[0])), told(9, truth(weather, heldOut[1]))],
  );
  const withCollected = trainingOrder([...seeded, ...collected.rows], weather);
  beforeAll(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("records the decisions it learned from and their count, and its digest names them", async () => {
    const built = await buildModelRelease(weather, withCollected, {
      cacheDir,
      codeVersion: "test",
      variant,
      collected: collected.decisions,
    });
    expect(JSON.parse(fs.readFileSync(path.join(built.dir, COLLECTED_FILE), "utf8"))).toEqual([7, 9]);
    expect(readManifest(built.dir).lineage.params).toMatchObject({ rows: 162, collected: 2 });
    expect(built.digest).not.toBe(releaseDigest(weather, digestRows(withCollected), variant));
    // The same rows from other decisions (another run) are another release, with its own provenance.
    const other = await buildModelRelease(weather, withCollected, {
      cacheDir,
      codeVersion: "test",
      variant,
      collected: [8, 10],
    });
    expect(other.digest).not.toBe(built.digest);
    expect(JSON.parse(fs.readFileSync(path.join(other.dir, COLLECTED_FILE), "utf8"))).toEqual([8, 10]);
  });

  it("one trained on none keeps the digest it always had and has no collected file", async () => {
    const built = await buildModelRelease(weather, seeded, { cacheDir, codeVersion: "test", variant });
    expect(built.digest).toBe(releaseDigest(weather, digestRows(seeded), variant));
    expect(fs.existsSync(path.join(built.dir, COLLECTED_FILE))).toBe(false);
    expect(built.manifest.lineage.params).not.toHaveProperty("collected");
    const none = await buildModelRelease(weather, seeded, {
      cacheDir,
      codeVersion: "test",
      variant,
      collected: [],
    });
    expect(none).toMatchObject({ cached: true, digest: built.digest });
  });
});
