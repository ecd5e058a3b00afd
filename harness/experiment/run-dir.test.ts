import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { journalOf, lockRun, readPlan, trialState, writePlan } from "./run-dir.ts";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-rundir-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const trial = { id: "classification.proposed.release-model.s1" };
const write = (dir: string, text: string) => {
  fs.mkdirSync(path.dirname(journalOf(dir, trial.id)), { recursive: true });
  fs.writeFileSync(journalOf(dir, trial.id), text);
};

describe("run directory", () => {
  it("calls a trial pending without a journal, unfinished without a summary, finished with one", () => {
    const dir = tmp();
    expect(trialState(dir, trial)).toBe("pending");
    write(dir, '{"type":"trial"}\n{"type":"request","i":0');
    expect(trialState(dir, trial)).toBe("unfinished");
    write(dir, '{"type":"trial"}\n{"type":"summary","summary":{}}\n');
    expect(trialState(dir, trial)).toBe("finished");
  });

  it("reads back the plan it wrote and names a directory that holds none", () => {
    const dir = tmp();
    expect(() => readPlan(dir)).toThrow(/is not an experiment run: it has no plan.json/);
    const plan = {
      runId: "r1",
      trials: [
        {
          id: trial.id,
          order: 0,
          task: "classification",
          pattern: "proposed",
          system: "classification/proposed",
          scenario: "scenarios/classification/release-model.yaml",
          scenarioName: "release-model",
          fault: "release.model",
          seed: 1,
        },
      ],
    };
    writePlan(dir, plan);
    expect(readPlan(dir)).toEqual(plan);
  });

  it("refuses a second runner while the first lives and takes over a dead runner's lock", () => {
    const dir = tmp();
    // The parent of this test process is alive and is not us: a live runner.
    fs.writeFileSync(path.join(dir, "run.lock"), String(process.ppid));
    expect(() => lockRun(dir)).toThrow(`is being run by process ${process.ppid}`);
    // A pid that cannot exist: a runner that was killed.
    fs.writeFileSync(path.join(dir, "run.lock"), "2147483646");
    const release = lockRun(dir);
    expect(fs.readFileSync(path.join(dir, "run.lock"), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, "run.lock"))).toBe(false);
  });
});
