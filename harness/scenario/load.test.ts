import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { faultTypes } from "../faults/index.ts";
import { repoRoot } from "../paths.ts";
import { ScenarioError } from "./errors.ts";
import { minimalScenario as minimal } from "./fixture.ts";
import { loadScenario, parseScenario } from "./load.ts";

/** The sentences a broken variant of the minimal scenario fails with. */
function problems(text: string): string[] {
  try {
    parseScenario(text, "scenarios/x.yaml");
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error("the scenario was accepted");
}

describe("scenario errors", () => {
  it("name an unknown key and the keys allowed there", () => {
    const [p] = problems(minimal.replace("groundTruth:", "timelines: 1\ngroundTruth:"));
    expect(p).toMatch(/^scenarios\/x\.yaml: unknown key 'timelines'; known keys there: title, .*timeline/);
    expect(p).toContain("(line 6)");
  });

  it("name a missing key as required", () => {
    expect(problems(minimal.replace("rate: 30, ", ""))).toEqual([
      "scenarios/x.yaml: key 'timeline.rate' is required (line 3)",
    ]);
    expect(problems(minimal.replace(/groundTruth.*\n/, ""))).toEqual([
      "scenarios/x.yaml: key 'groundTruth' is required",
    ]);
  });

  it("name a value out of range with the bound", () => {
    expect(problems(minimal.replace("at: 0.5", "at: 1.5"))).toContain(
      "scenarios/x.yaml: key 'faults[0].at' must be at most 1 (line 5)",
    );
    expect(problems(minimal.replace("rate: 30", "rate: 0"))[0]).toContain(
      "key 'timeline.rate' must be greater than 0",
    );
  });

  it("name a value of the wrong type with what it got", () => {
    expect(problems(minimal.replace("requests: 600", "requests: 6.5"))[0]).toContain(
      "key 'timeline.requests' must be a whole number (got 6.5)",
    );
  });

  it("list the known fault types for an unknown one", () => {
    const [p] = problems(minimal.replace("trend.covariate", "trend.covariat"));
    expect(p).toContain("key 'faults[0].type' must be one of ");
    for (const t of faultTypes) expect(p).toContain(t);
    expect(p).toContain("(got 'trend.covariat')");
  });

  it("name a bad fault parameter by its path under params", () => {
    const bad = problems(minimal.replace("at: 0.5", "at: 0.5, params: { source: lateer, color: red }"));
    expect(bad).toContain(
      "scenarios/x.yaml: key 'faults[0].params.source' must be one of later, synthetic (got 'lateer') (line 5)",
    );
    expect(bad.find((p) => p.includes("unknown key 'faults[0].params.color'"))).toContain(
      "known keys there: source, fields, shift",
    );
  });

  it("name a period the task does not have, listing its periods", () => {
    expect(problems(minimal.replace('later: "2014"', 'later: "2016"'))).toEqual([
      "scenarios/x.yaml: key 'timeline.later' must be a period of task 'classification' (2012-2013, 2014, 2015), not '2016' (line 3)",
    ]);
    expect(problems(`${minimal}rq2: { variant: "2012-2013" }\n`)[0]).toContain(
      "key 'rq2.variant' must be a period of task 'classification' (2014, 2015)",
    );
  });

  it("name a ground truth that no fault creates, with what the faults do create", () => {
    expect(problems(minimal.replace("cause: trend", "cause: release"))).toEqual([
      "scenarios/x.yaml: key 'groundTruth' must be the part/cause of one of the faults, not ml/release (trend.covariate makes ml/trend) (line 6)",
    ]);
  });

  it("name an unknown task, and an empty fault list", () => {
    expect(problems(minimal.replace("task: classification", "task: regresion"))[0]).toContain(
      "key 'task' must be one of chatbot, classification, clustering, regression (got 'regresion')",
    );
    expect(problems(minimal.replace(/faults:\n.*\n/, "faults: []\n"))).toEqual([
      "scenarios/x.yaml: key 'faults' must have at least 1 item (line 4)",
    ]);
  });

  it("refuse a gradual width on a fault that acts at one moment", () => {
    const text = minimal
      .replace("type: trend.covariate, at: 0.5", "type: infra.db, at: 0.5, width: 0.2")
      .replace("{ part: ml, cause: trend }", "{ part: infra, cause: infrastructure }");
    expect(problems(text)[0]).toContain(
      "key 'faults[0].width' must be 0: infra.db acts on the system at one moment",
    );
  });

  it("report a YAML syntax error with its line, an empty file and a list as sentences", () => {
    expect(problems("title: ok\ntask: [classification\n")[0]).toMatch(
      /^scenarios\/x\.yaml: YAML syntax error at line \d+, column \d+: /,
    );
    expect(problems("title: a\ntitle: b\n")[0]).toMatch(/YAML syntax error at line 2, column 1: .*unique/);
    expect(problems("")[0]).toContain("the file is empty");
    expect(problems("- a\n")[0]).toContain("must be a mapping of keys");
  });
});

describe("loadScenario", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("returns the scenario with the sha256 of the file's bytes", () => {
    const file = path.join(dir, "ok.yaml");
    fs.writeFileSync(file, minimal);
    const loaded = loadScenario(file);
    expect(loaded.scenario.title).toBe("Weather of 2014 arrives");
    expect(loaded.file).toBe(file);
    expect(loaded.digest).toBe(createHash("sha256").update(minimal).digest("hex"));
  });

  it("names a shipped file relative to the repo root", () => {
    expect(loadScenario(path.join(repoRoot, "scenarios/classification/trend-covariate.yaml")).file).toBe(
      "scenarios/classification/trend-covariate.yaml",
    );
  });

  it("fails on a missing file with a sentence naming it", () => {
    const file = path.join(dir, "gone.yaml");
    expect(() => loadScenario(file)).toThrow(`${file}: cannot read the scenario (no such file)`);
  });

  it("names the file in every problem", () => {
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, minimal.replace("at: 0.5", "at: -1"));
    expect(() => loadScenario(file)).toThrow(`${file}: key 'faults[0].at' must be at least 0 (line 5)`);
  });
});
