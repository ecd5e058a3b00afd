import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTmpRunDirs, tmpRunDir, writeRunDir } from "../report/fixture.ts";
import { loadRun } from "../report/load.ts";
import { packRun } from "./pack.ts";
import { trialState } from "./run-dir.ts";

describe("packing a run for keeping", () => {
  afterAll(() => removeTmpRunDirs());

  it("gzips every finished journal and leaves the report, and resume, reading the same trials", () => {
    const dir = writeRunDir(tmpRunDir("pack"), {
      trials: [
        { task: "classification", pattern: "proposed", fault: "release.model", seed: 1, ttl_ms: 1200 },
        { task: "classification", pattern: "three-layer", fault: "release.model", seed: 1, ttl_ms: 1500 },
      ],
      unfinished: [{ task: "classification", pattern: "proposed", fault: "schema.rename", seed: 1 }],
    });
    const before = loadRun(dir);
    const packed = packRun(dir);
    expect(packed.packed).toBe(2);
    expect(packed.left).toHaveLength(1);
    const after = loadRun(dir);
    expect(after.trials).toEqual(before.trials);
    expect(after.unfinished.map((u) => u.id)).toEqual(before.unfinished.map((u) => u.id));
    for (const t of after.trials) {
      expect(fs.existsSync(path.join(dir, "trials", t.id, "journal.jsonl.gz"))).toBe(true);
      expect(trialState(dir, t)).toBe("finished");
    }
  });
});
