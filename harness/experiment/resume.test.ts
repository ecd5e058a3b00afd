/**
 * The experiment survives SIGKILL: a run killed mid-trial and resumed ends with the same trials as
 * an uninterrupted run, none lost, none run twice, none half-counted, no process left behind.
 * Starts real systems (short scenarios, four trials per run).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../deploy/system-suite.ts";
import { archdrill, processesUsing, requestsIn, shortScenario } from "../testing/cli-process.ts";
import { readJournal } from "../trial/journal.ts";
import { readManifest } from "./manifest.ts";
import { journalOf, readPlan, trialState } from "./run-dir.ts";

let tmp: string;
let scenario: string;

const matrix = () => ["--tasks", "classification", "--scenarios", scenario, "--seeds", "2"];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-resume-"));
  scenario = shortScenario(tmp);
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("an experiment killed with SIGKILL", () => {
  it("resumes to the same trial set as an uninterrupted run, with no trial lost, repeated or half-counted", async () => {
    const killedDir = path.join(tmp, "killed");
    const run = archdrill(["run", ...matrix(), "--workers", "1", "--out", killedDir]);
    // Kill it inside its second trial, after the first has finished.
    await until(
      "the first trial to finish and the second to be under traffic",
      async () => {
        if (!fs.existsSync(path.join(killedDir, "plan.json"))) return undefined;
        const [first, second] = readPlan(killedDir).trials;
        const ready =
          trialState(killedDir, first) === "finished" && requestsIn(journalOf(killedDir, second.id)) > 30;
        return ready || undefined;
      },
      240_000,
    );
    const plan = readPlan(killedDir);
    const firstJournal = fs.readFileSync(journalOf(killedDir, plan.trials[0].id), "utf8");
    run.child.kill("SIGKILL");
    expect((await run.done).code).toBeNull();
    expect(trialState(killedDir, plan.trials[1])).toBe("unfinished");
    // The dead runner's trial and units notice their channel closed and stop.
    await until(
      "no process of the killed run",
      async () => (processesUsing(killedDir).length === 0 ? true : undefined),
      20_000,
    );

    const resumed = await archdrill(["run", "--resume", killedDir]).done;
    expect(resumed.err).toMatch(/resuming run .*: 3 of 4 trials to go/);
    expect(resumed.code).toBe(0);

    const straightDir = path.join(tmp, "straight");
    const straight = await archdrill(["run", ...matrix(), "--workers", "2", "--out", straightDir]).done;
    expect(straight.code).toBe(0);

    const summaries = (dir: string) =>
      readPlan(dir).trials.map((t) => {
        const { records } = readJournal(journalOf(dir, t.id));
        const found = records.filter((r) => r.type === "summary");
        expect(found).toHaveLength(1); // one summary: counted once
        const s = found[0].type === "summary" ? found[0].summary : null;
        return {
          id: t.id,
          system: s?.system,
          fault: s?.fault,
          seed: s?.seed,
          steady_before: s?.steady_before,
        };
      });
    const sorted = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(summaries(killedDir))).toEqual(sorted(summaries(straightDir)));
    expect(readPlan(killedDir).trials.map((t) => t.id)).toEqual(
      readPlan(straightDir).trials.map((t) => t.id),
    );

    // The trial finished before the kill was not run again; the killed one was kept aside, not mixed in.
    expect(fs.readFileSync(journalOf(killedDir, plan.trials[0].id), "utf8")).toBe(firstJournal);
    const killedTrial = path.dirname(journalOf(killedDir, plan.trials[1].id));
    expect(fs.readdirSync(killedTrial)).toContain("journal.aborted-1.jsonl");
    expect(readManifest(killedDir).resumes).toHaveLength(1);
    expect(processesUsing(tmp)).toEqual([]);
  }, 600_000);
});
