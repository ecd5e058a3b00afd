import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTmpRunDirs, tmpRunDir, writeDrillsDir, writeRunDir } from "./fixture.ts";
import { faultKind, loadRun, ReportError } from "./load.ts";

afterAll(removeTmpRunDirs);

const finished = [
  { task: "classification", pattern: "proposed", fault: "release.model", seed: 1 },
  { task: "classification", pattern: "three-layer", fault: "release.model", seed: 1 },
];

describe("loadRun", () => {
  it("counts a trial only when its journal holds a summary, torn last line or not", () => {
    const dir = writeRunDir(tmpRunDir(), {
      trials: finished,
      unfinished: [
        { task: "regression", pattern: "proposed", fault: "trend.covariate", seed: 1, torn: true },
      ],
      notStarted: [{ task: "regression", pattern: "three-layer", fault: "trend.covariate", seed: 1 }],
    });
    // A torn line after the summary is dropped; the trial still counts.
    const file = path.join(dir, "trials", "classification.proposed.release-model.s1", "journal.jsonl");
    fs.appendFileSync(file, '{"type":"req');
    const run = loadRun(dir);
    expect(run.runId).toBe("run");
    expect(run.planned).toHaveLength(4);
    expect(run.trials.map((t) => t.id)).toEqual([
      "classification.proposed.release-model.s1",
      "classification.three-layer.release-model.s1",
    ]);
    expect(run.truncated).toEqual(["classification.proposed.release-model.s1"]);
    expect(run.unfinished).toEqual([
      { id: "regression.proposed.trend-covariate.s1", state: "no summary" },
      { id: "regression.three-layer.trend-covariate.s1", state: "not started" },
    ]);
  });

  it("ignores aborted journals and lists a damaged journal as unreadable", () => {
    const dir = writeRunDir(tmpRunDir(), { trials: finished });
    const trial = path.join(dir, "trials", "classification.three-layer.release-model.s1");
    fs.writeFileSync(path.join(trial, "journal.aborted-1.jsonl"), "not json\n");
    const proposed = path.join(dir, "trials", "classification.proposed.release-model.s1", "journal.jsonl");
    fs.writeFileSync(proposed, `garbage\n${fs.readFileSync(proposed, "utf8")}`);
    const run = loadRun(dir);
    expect(run.trials.map((t) => t.id)).toEqual(["classification.three-layer.release-model.s1"]);
    expect(run.unfinished[0]).toMatchObject({
      id: "classification.proposed.release-model.s1",
      state: "unreadable",
    });
    expect(run.unfinished[0].detail).toContain("line 1 is not JSON");
  });

  it("counts a finished trial the plan does not list, and says so", () => {
    const dir = writeRunDir(tmpRunDir(), { trials: finished });
    const plan = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
    plan.trials = plan.trials.slice(1);
    fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan));
    const run = loadRun(dir);
    expect(run.trials).toHaveLength(2);
    expect(run.notPlanned).toEqual(["classification.proposed.release-model.s1"]);
  });

  it("reads the trial kind from the journal: an RQ2 drill is its own fault kind", () => {
    const dir = writeRunDir(tmpRunDir(), {
      trials: [
        {
          task: "classification",
          pattern: "proposed",
          fault: "rq2:2014",
          seed: 1,
          kind: "rq2",
          ttr_ms: 300,
          rollback_ok: true,
        },
      ],
    });
    expect(loadRun(dir).trials[0]).toMatchObject({ kind: "rq2", faultKind: "rq2", ttr_ms: 300 });
    expect(faultKind("schema.rename+trend.prior", "rq1")).toBe("schema");
    expect(faultKind("infra.db", "rq1")).toBe("infra");
  });

  it("names the path when the directory or one of its files is missing", () => {
    const missing = path.join(tmpRunDir(), "nope");
    expect(() => loadRun(missing)).toThrow(new ReportError(`run directory ${missing} does not exist`));
    const dir = writeRunDir(tmpRunDir(), { trials: finished });
    fs.rmSync(path.join(dir, "plan.json"));
    expect(() => loadRun(dir)).toThrow(`${dir} is not a run directory: it has no plan.json`);
    fs.writeFileSync(path.join(dir, "plan.json"), "{}");
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ createdAt: "x" }));
    expect(() => loadRun(dir)).toThrow(`${path.join(dir, "manifest.json")}: runId`);
  });

  it("reads the drill journals of a folder that has no manifest or plan, and nothing else there", () => {
    const dir = tmpRunDir("plan-drills");
    writeDrillsDir(dir, [
      { task: "classification", pattern: "proposed", fault: "schema.rename", seed: 1, team: "team-1" },
      { task: "classification", pattern: "three-layer", fault: "release.model", seed: 2, team: "team-1" },
    ]);
    const drill = path.join(dir, "team-1", "1-classification-proposed");
    fs.writeFileSync(path.join(drill, "journal.aborted-1.jsonl"), "not json\n");
    fs.mkdirSync(path.join(dir, "a", "b", "c", "d"), { recursive: true });
    fs.copyFileSync(path.join(drill, "journal.jsonl"), path.join(dir, "a", "b", "c", "d", "journal.jsonl"));
    const run = loadRun(dir);
    expect(run.layout).toBe("drill journals");
    expect(run.planned).toEqual(["team-1/1-classification-proposed", "team-1/2-classification-three-layer"]);
    expect(run.trials.map((t) => [t.id, t.operator, t.drill?.team])).toEqual([
      ["team-1/1-classification-proposed", "human", "team-1"],
      ["team-1/2-classification-three-layer", "human", "team-1"],
    ]);
    expect(run.manifest).toMatchObject({ runId: "plan-drills", journals: 2 });
  });

  it("says a folder holding neither a run nor a drill journal is neither", () => {
    const dir = tmpRunDir("empty");
    fs.mkdirSync(path.join(dir, "team-1"), { recursive: true });
    expect(() => loadRun(dir)).toThrow(
      `${dir} is not a run directory (it has no manifest.json) nor a folder of drill journals (no journal.jsonl below it)`,
    );
  });
});
