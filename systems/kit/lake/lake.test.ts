import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import { EmptySourceError, Lake, LakeError, type LakeRecord } from "./index.ts";

const JAN_5 = Date.parse("2024-01-05T13:00:00Z");

describe("Lake", () => {
  let root: string;
  let lake: Lake;

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
    lake = await Lake.open(root, { clock: fakeClock(JAN_5) });
  });

  afterEach(async () => {
    await lake.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("gives back appended records exactly, with their types and nulls", async () => {
    const records: LakeRecord[] = [
      { id: "a", x: 1.5, n: 3, ok: true, note: null, empty: null },
      { id: "b", x: -0.25, n: 4, ok: false, note: "hello", empty: null },
    ];
    const result = await lake.append("requests", records);
    expect(result.count).toBe(2);
    expect(result.files).toHaveLength(1);
    const rows = await lake.query(
      `SELECT * EXCLUDE (day), typeof(empty) AS t FROM ${lake.table("requests")} ORDER BY id`,
    );
    expect(rows).toEqual(records.map((r) => ({ ...r, t: "VARCHAR" })));
    const [types] = await lake.query(
      `SELECT typeof(x) AS x, typeof(ok) AS ok, typeof(note) AS note FROM ${lake.table("requests")} LIMIT 1`,
    );
    expect(types).toEqual({ x: "DOUBLE", ok: "BOOLEAN", note: "VARCHAR" });
  });

  it("keeps many rows and their order of values", async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ i, sq: i * i, tag: `t${i % 7}` }));
    await lake.append("train", records);
    expect(await lake.count("train")).toBe(5000);
    const [agg] = await lake.query<{ total: number; n: number }>(
      `SELECT sum(sq) AS total, count(*) AS n FROM ${lake.table("train")} WHERE tag = ?`,
      ["t3"],
    );
    const expected = records.filter((r) => r.tag === "t3");
    expect(agg).toEqual({ total: expected.reduce((s, r) => s + r.sq, 0), n: expected.length });
  });

  it("partitions records by their day and exposes the day as a yyyy-mm-dd string", async () => {
    const records = [
      { at: "2024-01-01T10:00:00Z", v: 1 },
      { at: "2024-01-02T10:00:00Z", v: 2 },
      { at: "2024-01-02T23:59:00Z", v: 3 },
    ];
    const { files } = await lake.append("feedback", records, { day: (r) => String(r.at).slice(0, 10) });
    expect(files.map((f) => path.basename(path.dirname(f))).sort()).toEqual([
      "day=2024-01-01",
      "day=2024-01-02",
    ]);
    const rows = await lake.query(
      `SELECT day, count(*) AS n FROM ${lake.table("feedback")} GROUP BY day ORDER BY day`,
    );
    expect(rows).toEqual([
      { day: "2024-01-01", n: 1 },
      { day: "2024-01-02", n: 2 },
    ]);
  });

  it("uses the UTC day of the clock when no day function is given", async () => {
    const { files } = await lake.append("requests", [{ v: 1 }]);
    expect(files[0]).toContain(`${path.sep}requests${path.sep}day=2024-01-05${path.sep}part-`);
    expect(files[0].endsWith(".parquet")).toBe(true);
  });

  it("merges appends whose columns differ by name", async () => {
    await lake.append("requests", [{ a: 1, b: "x" }]);
    await lake.append("requests", [{ a: 2, c: true }]);
    const rows = await lake.query(`SELECT a, b, c FROM ${lake.table("requests")} ORDER BY a`);
    expect(rows).toEqual([
      { a: 1, b: "x", c: null },
      { a: 2, b: null, c: true },
    ]);
  });

  it("stores a column mixing kinds as text instead of refusing the batch", async () => {
    await lake.append("rejected", [{ v: 1 }, { v: "one" }, { v: true }]);
    const rows = await lake.query(`SELECT v FROM ${lake.table("rejected")}`);
    expect(rows.map((r) => r.v).sort()).toEqual(["1", "one", "true"]);
  });

  it("reports an empty source from query and counts it as zero", async () => {
    expect(await lake.count("quarantine")).toBe(0);
    const reading = lake.query(`SELECT * FROM ${lake.table("quarantine")}`);
    await expect(reading).rejects.toBeInstanceOf(EmptySourceError);
    await expect(lake.query(`SELECT * FROM ${lake.table("quarantine")}`)).rejects.toThrow(
      /"quarantine" is empty/,
    );
  });

  it("stores strings with quotes and SQL verbatim", async () => {
    const nasty = `O'Brien said "hi"'); DROP TABLE lake_batch; --`;
    await lake.append("requests", [{ text: nasty, "we'ird\"col": "ok" }]);
    await lake.append("requests", [{ text: "second" }]);
    const rows = await lake.query<{ text: string }>(
      `SELECT text FROM ${lake.table("requests")} WHERE text = ?`,
      [nasty],
    );
    expect(rows).toEqual([{ text: nasty }]);
    expect(await lake.count("requests")).toBe(2);
    const [odd] = await lake.query(
      `SELECT "we'ird""col" AS c FROM ${lake.table("requests")} WHERE text = ?`,
      [nasty],
    );
    expect(odd).toEqual({ c: "ok" });
  });

  it("returns BIGINT results as numbers when they are safe", async () => {
    const [row] = await lake.query(
      `SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big, DATE '2024-03-01' AS d`,
    );
    expect(row).toEqual({ small: 42, big: "9007199254740993", d: "2024-03-01" });
  });

  it("lets two lakes on one root append at once without losing a file", async () => {
    const other = await Lake.open(root, { clock: fakeClock(JAN_5) });
    try {
      const batches = Array.from({ length: 10 }, (_, i) => [{ writer: i % 2, i }]);
      const results = await Promise.all(
        batches.map((b, i) => (i % 2 === 0 ? lake : other).append("requests", b)),
      );
      const files = results.flatMap((r) => r.files);
      expect(new Set(files).size).toBe(10);
      expect(await other.count("requests")).toBe(10);
      const rows = await lake.query<{ i: number }>(`SELECT i FROM ${lake.table("requests")} ORDER BY i`);
      expect(rows.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await other.close();
    }
  });

  it("lets two processes append to one root at once with a frozen clock", async () => {
    const worker = path.join(import.meta.dirname, "append-worker.ts");
    const run = (writer: string) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", worker, root, writer, "15"], {
        cwd: process.cwd(),
      });
    await Promise.all([run("p1"), run("p2")]);
    const rows = await lake.query(
      `SELECT writer, count(DISTINCT i) AS n FROM ${lake.table("requests")} GROUP BY writer ORDER BY writer`,
    );
    expect(rows).toEqual([
      { writer: "p1", n: 15 },
      { writer: "p2", n: 15 },
    ]);
    expect(fs.readdirSync(path.join(root, "requests", "day=2024-01-05"))).toHaveLength(30);
  });

  it("leaves no staged file behind and lists its sources", async () => {
    await lake.append("requests", [{ v: 1 }]);
    await lake.append("feedback", [{ v: 1 }]);
    expect(lake.sources()).toEqual(["feedback", "requests"]);
    expect(fs.readdirSync(path.join(root, ".staging"))).toEqual([]);
  });

  it("rejects unknown and bad source names", async () => {
    for (const bad of ["", "Requests", "1abc", "a/b", "../x", "a b", "a'b"]) {
      await expect(lake.append(bad, [{ v: 1 }])).rejects.toBeInstanceOf(LakeError);
      expect(() => lake.table(bad)).toThrow(/bad lake source name/);
    }
  });

  it("rejects a bad partition day and a record day that disagrees with it", async () => {
    await expect(lake.append("requests", [{ v: 1 }], { day: () => "2024-02-31" })).rejects.toThrow(
      /no such date/,
    );
    await expect(lake.append("requests", [{ v: 1 }], { day: () => "yesterday" })).rejects.toThrow(
      /yyyy-mm-dd/,
    );
    await expect(lake.append("requests", [{ day: "2023-12-31", v: 1 }])).rejects.toThrow(/differs/);
    expect(await lake.count("requests")).toBe(0);
  });

  it("wraps SQL errors and refuses non-scalar parameters", async () => {
    await expect(lake.query("SELEC 1")).rejects.toBeInstanceOf(LakeError);
    await expect(lake.query("SELECT ?", [{ a: 1 }])).rejects.toThrow(/parameter 1/);
  });
});
