import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPARISON_COLUMNS, DRILL_FIELDS, SUMMARY_FIELDS, toCsv } from "./csv.ts";
import { removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";
import { writeReport } from "./write.ts";

afterAll(removeTmpRunDirs);

describe("toCsv", () => {
  it("quotes fields with commas, quotes or line breaks, doubles quotes, and ends lines with CRLF", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          ["line\nbreak", null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });
});

describe("the report's CSVs", () => {
  const trials: TrialSpec[] = [1, 2].flatMap((seed) =>
    ["three-layer", "proposed"].map((pattern) => ({
      task: "classification",
      pattern,
      fault: "release.model",
      seed,
      ttl_ms: pattern === "proposed" ? 1000 + seed : null,
      ttr_ms: 500 + seed,
      rollback_ok: true,
      collateral_units: pattern === "three-layer" ? ["logic", "ui"] : [],
      failed_steps: seed === 2 ? ['deploy "v2"', "wait, then retry"] : [],
    })),
  );
  const dir = writeRunDir(tmpRunDir(), {
    trials,
    unfinished: [
      { task: "classification", pattern: "proposed", fault: "release.model", seed: 3, torn: true },
    ],
  });
  let comparisons = 0;
  beforeAll(async () => {
    const { model } = await writeReport(dir, { resamples: 200 });
    comparisons = model.analyses[0].comparisons.length;
  });
  const load = (name: string) =>
    parse(fs.readFileSync(path.join(dir, name), "utf8"), { columns: true }) as Record<string, string>[];

  it("load trials.csv with csv-parse: one row per finished trial, every Summary field", () => {
    const rows = load("trials.csv");
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0])).toEqual([
      "id",
      "kind",
      "fault_kind",
      ...SUMMARY_FIELDS,
      "unmeasured",
      ...DRILL_FIELDS,
    ]);
    const tricky = rows.find((r) => r.id === "classification.three-layer.release-model.s2");
    expect(tricky?.failed_steps).toBe('deploy "v2";wait, then retry');
    expect(tricky?.collateral_units).toBe("logic;ui");
    expect(tricky?.ttl_ms).toBe("");
    expect(tricky?.ttr_ms).toBe("502");
    expect(tricky?.fault_kind).toBe("release");
  });

  it("load comparisons.csv with csv-parse: one row per comparison in the model", () => {
    const rows = load("comparisons.csv");
    expect(Object.keys(rows[0])).toEqual([...COMPARISON_COLUMNS]);
    expect(rows).toHaveLength(comparisons);
    expect(comparisons).toBeGreaterThan(0);
    const ttl = rows.find((r) => r.measure === "ttl_ms" && r.task === "all" && r.fault_kind === "all");
    expect(ttl).toMatchObject({
      baseline: "three-layer",
      candidate: "proposed",
      pairs: "2",
      censored_baseline: "2",
      center_baseline: "+inf",
      design: "paired",
      difference: "-inf",
    });
  });
});
