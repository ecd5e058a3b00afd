import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initialSplit, periodRows } from "../../systems/kit/split.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { FaultError, faultTypes, getFault } from "../faults/index.ts";
import { planTimeline } from "../traffic/plan.ts";
import { minimalScenario } from "./fixture.ts";
import { listScenarios, scenarioFiles } from "./list.ts";
import { loadScenario } from "./load.ts";
import { STANDARD_KINDS } from "./schema.ts";

/** Whether a fault's defaults prepare on a task's data; a system fault acts on any system. */
function applies(type: string, name: string): boolean {
  const fault = getFault(type);
  if (fault.kind === "system") return true;
  const task = tasks.get(name) as unknown as TaskDefinition;
  const later = periodRows(task, task.periods.later[0]);
  const ctx = { task, initial: initialSplit(task).heldOut, later, requests: 100, seed: 1 };
  try {
    fault.prepare(ctx, fault.params.parse({}));
    return true;
  } catch (err) {
    if (err instanceof FaultError) return false;
    throw err;
  }
}

describe("the shipped scenarios", () => {
  const all = listScenarios();

  it("all validate", () => {
    expect(all.length).toBeGreaterThan(0);
    for (const e of all) expect(e.error ?? "", e.file).toBe("");
  });

  it.each(["classification", "regression", "clustering"])(
    "cover every fault type that applies to the %s task, in files named after the fault",
    (task) => {
      const shipped = listScenarios({ task });
      for (const type of faultTypes) {
        const named = `scenarios/${task}/${type.replace(".", "-")}.yaml`;
        const entry = shipped.find((e) => e.file === named);
        // Only a fault the task cannot take (e.g. a unit change no field keeps in range) may go without.
        if (!entry && !applies(type, task)) continue;
        expect(entry?.fault, `${named} should inject ${type}`).toBe(type);
      }
    },
  );

  it("plan their timelines on their own task: every fault's params fit the task", () => {
    for (const e of all) {
      const { scenario } = loadScenario(e.file);
      const timeline = planTimeline(scenario);
      expect(timeline.requests, e.file).toHaveLength(scenario.timeline.requests);
      expect(timeline.injectionRequest, e.file).toBeLessThan(scenario.timeline.requests);
    }
  });

  it("set a ground truth the fault creates and expect a rollback to fix exactly the release faults", () => {
    for (const e of all) {
      const s = loadScenario(e.file).scenario;
      const release = s.faults.some((f) => getFault(f.type).cause === "release");
      expect(s.rollback.expect, e.file).toBe(release);
    }
  });

  it("carry the paper's RQ2 drill: the 2014 data with a logic improvement, on the bad model release", () => {
    const { scenario } = loadScenario("scenarios/classification/release-model.yaml");
    expect(scenario.rq2?.variant).toBe("2014");
    expect(scenario.rq2?.logicImprovement).toBe(true);
  });

  it("use the data's own later period for the natural trends, and say so when the data move otherwise", () => {
    for (const name of ["trend-2014", "trend-concept"]) {
      const { scenario } = loadScenario(`scenarios/classification/${name}.yaml`);
      expect(scenario.faults[0].params.source).toBe("later");
      // Neither moves the inputs a monitor watches: each declares itself undetectable, with the numbers.
      expect(scenario.expect).toMatchObject({ detectable: false, reason: expect.stringMatching(/\d/) });
    }
  });

  it("mark one standard scenario of each kind per task, the one the default experiment runs", () => {
    for (const task of ["classification", "regression", "clustering", "chatbot"])
      for (const kind of STANDARD_KINDS)
        expect(listScenarios({ task }).filter((e) => e.standard === kind)).toHaveLength(1);
  });

  it("are sorted by file and name no other task when filtered", () => {
    const files = all.map((e) => e.file);
    expect(files).toEqual([...files].sort());
    const regression = listScenarios({ task: "regression" });
    expect(regression.length).toBeGreaterThan(0);
    expect(regression.every((e) => e.file.startsWith("scenarios/regression/"))).toBe(true);
    expect(listScenarios({ task: "nope" })).toEqual([]);
  });
});

describe("listScenarios over a folder", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, "nested"));
  fs.writeFileSync(path.join(dir, "nested", "b.yaml"), minimalScenario);
  fs.writeFileSync(path.join(dir, "a.yaml"), minimalScenario.replace("at: 0.5", "at: 2"));
  fs.writeFileSync(path.join(dir, "notes.txt"), "not a scenario");

  it("finds YAML files in subfolders, sorted, and lists a broken one with its error and what it could read", () => {
    expect(scenarioFiles(dir).map((f) => path.relative(dir, f))).toEqual([
      "a.yaml",
      path.join("nested", "b.yaml"),
    ]);
    const [a, b] = listScenarios({ dir });
    expect(a).toMatchObject({
      title: "Weather of 2014 arrives",
      task: "classification",
      fault: "trend.covariate",
    });
    expect(a.valid).toBe(false);
    expect(a.error).toContain("key 'faults[0].at' must be at most 1");
    expect(b).toMatchObject({ valid: true, part: "ml", cause: "trend", fault: "trend.covariate" });
    expect(b.error).toBeUndefined();
  });

  it("lists nothing in a folder that does not exist", () => {
    expect(listScenarios({ dir: path.join(dir, "none") })).toEqual([]);
  });
});
