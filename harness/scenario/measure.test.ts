import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { minimalScenario } from "./fixture.ts";
import { measureScenario, measureTable, type ScenarioMeasure } from "./measure.ts";
import { loadWithExpectation } from "./measure-data.ts";
import { disposeReleases } from "./measure-release.ts";
import { agrees } from "./measure-verdict.ts";

const file = (name: string) => path.join(repoRoot, "scenarios", "classification", `${name}.yaml`);

describe("measuring what a classification scenario's shift does to the weather data", () => {
  const m: Record<string, ScenarioMeasure> = {};

  beforeAll(async () => {
    // The initial release trains once (or comes from the release cache) and serves all three.
    for (const name of ["trend-2014", "trend-covariate", "schema-rename", "release-model"]) {
      m[name] = await measureScenario(file(name));
    }
  }, 120_000);

  afterAll(() => disposeReleases());

  it("splits the planned timeline at the fault and measures every model feature before and after", () => {
    const c = m["trend-2014"];
    expect(c.file).toBe("scenarios/classification/trend-2014.yaml");
    expect(c.fault).toMatchObject({ type: "trend.covariate", kind: "data", declared: "covariate" });
    expect(c.requests).toMatchObject({ total: 600, before: 300, after: 300, afterStart: 300 });
    expect(c.monitorWindow).toBe(200);
    expect(c.inputs.map((f) => f.feature).sort()).toEqual(
      ["date", "location", "precipitation", "temp_max", "temp_min", "wind"].sort(),
    );
    for (const f of c.inputs) {
      expect(f.detector).toBe(f.kind === "numeric" ? "ks" : "chi2");
      expect(f.threshold).toBeGreaterThan(0);
      expect(f.ratio).toBeCloseTo((f.after ?? 0) / f.threshold, 10);
      // The control: steady rows stay under the calibrated threshold.
      expect(f.beforeRatio).toBeLessThan(1);
      expect(f.psiAfter).not.toBeNull();
    }
    expect(c.outputs.map((f) => f.feature).sort()).toEqual(["confidence", "label"]);
    expect(c.vectors.length).toBeGreaterThan(c.inputs.length);
  });

  it("finds the 2014 weather a prior shift: labels move past 0.05 TVD while the features stay under threshold", () => {
    const c = m["trend-2014"];
    expect(c.labels.tvd).toBeGreaterThan(0.05);
    expect(c.labels.after.sun).toBeGreaterThan(c.labels.before.sun);
    expect(c.labels.after.drizzle).toBeLessThan(c.labels.before.drizzle);
    expect(c.verdict.seenBy.inputs).toBe(false);
    expect(c.verdict.causeFits).toBe(false);
    expect(c.verdict.suggested).toBe("prior");
    expect(c.verdict.explanation).toMatch(/declared covariate, the data suggest prior/);
    // It says so itself: undetectable, a prior shift by its data.
    expect(agrees(c.verdict, c.expect)).toMatchObject({ ok: true });
  });

  it("finds the heat wave a covariate shift the request monitor sees, as the standard trend scenario says", () => {
    const c = m["trend-covariate"];
    expect(c.verdict).toMatchObject({ detectableByDesign: true, causeFits: true });
    expect(c.verdict.seenBy.inputs).toBe(true);
    expect(agrees(c.verdict, c.expect).ok).toBe(true);
  });

  it("finds a renamed field breaks the contract on every request after it, so it is detectable", () => {
    const r = m["schema-rename"];
    expect(r.fault).toMatchObject({ type: "schema.rename", kind: "payload", declared: "schema" });
    expect(r.contract.rejectedBefore).toBe(0);
    expect(r.contract.rejectedAfter).toBe(1);
    expect(r.contract.fields).toEqual(expect.arrayContaining(["temp_max", "tmax"]));
    expect(r.requests.changedAfter).toBe(r.requests.after);
    expect(r.verdict).toMatchObject({ detectableByDesign: true, causeFits: true, suggested: "schema" });
    expect(r.verdict.seenBy.contract).toBe(true);
    // Nothing reaches the engine after the fault.
    expect(r.accuracy.n.after).toBe(0);
  });

  it("finds a bad model release leaves the data unchanged, its cause not applicable", () => {
    const r = m["release-model"];
    expect(r.fault).toMatchObject({ type: "release.model", kind: "system", declared: "release" });
    expect(r.note).toBe("data unchanged; fault is in the system");
    expect(r.verdict).toMatchObject({ detectableByDesign: null, causeFits: null, suggested: null });
    expect(r.verdict.explanation).toMatch(/^Data unchanged; fault is in the system/);
    expect(r.contract.rejectedAfter).toBe(0);
    expect(r.labels.tvd).toBeLessThan(0.1);
    for (const f of r.inputs) expect(f.ratio).toBeLessThan(1);
  });

  it("lays the measures out as one table, a row per scenario", () => {
    const table = measureTable(Object.values(m)).split("\n");
    expect(table).toHaveLength(2 + 4);
    expect(table[0]).toMatch(/^\| scenario +\| declared +\| data suggest/);
    expect(table[1]).toMatch(/^\| -+ \| -+ \|/);
    expect(table.find((l) => l.includes("classification/trend-2014"))).toMatch(
      /trend\.covariate \| prior +\| no/,
    );
    expect(table.find((l) => l.includes("classification/release-model"))).toMatch(/\(data unchanged\)/);
    // Columns line up: every line is as long as the header.
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });
});

describe("a scenario's expect section", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-measure-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is read with the scenario, and an absent one is null", () => {
    const f = path.join(dir, "quiet.yaml");
    fs.writeFileSync(
      f,
      `${minimalScenario}expect: { detectable: false, reason: "2014 moves the labels, not the features" }\n`,
    );
    const loaded = loadWithExpectation(f);
    expect(loaded.expect).toEqual({ detectable: false, reason: "2014 moves the labels, not the features" });
    expect(loaded.scenario.task).toBe("classification");
    const plain = path.join(dir, "plain.yaml");
    fs.writeFileSync(plain, minimalScenario);
    expect(loadWithExpectation(plain).expect).toBeNull();
  });
});
