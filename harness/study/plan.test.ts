import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { drillDirOf, isDone, readPlan, writePlan } from "./file.ts";
import { ARMS_DRILLED, drilledArm, makePlan, orderBalance, StudyError } from "./plan.ts";

const plan22 = () => makePlan({ teams: 2, tasks: ["classification", "regression"], seed: 3 });

describe("the study plan", () => {
  it("gives every team both patterns of every task, half of the teams each order per task", () => {
    const plan = plan22();
    expect(plan.teams.map((t) => t.id)).toEqual(["team-1", "team-2"]);
    for (const team of plan.teams) {
      expect(team.drills.map((d) => d.n)).toEqual([1, 2, 3, 4]);
      for (const task of plan.tasks)
        expect(
          team.drills
            .filter((d) => d.task === task)
            .map((d) => d.pattern)
            .sort(),
        ).toEqual(["proposed", "three-layer"]);
      // Both patterns of a task back to back.
      expect(team.drills[0].task).toBe(team.drills[1].task);
    }
    expect(orderBalance(plan)).toEqual({
      classification: { proposed: 1, "three-layer": 1 },
      regression: { proposed: 1, "three-layer": 1 },
    });
    // Across tasks too: each team leads once with each pattern.
    for (const team of plan.teams) {
      const firsts = plan.tasks.map((task) => team.drills.find((d) => d.task === task)?.pattern);
      expect(new Set(firsts).size).toBe(2);
    }
  });

  it("schedules the RQ2 drill on both arms per team and task with --rq2, after its fault drills and in their order", () => {
    const plain = plan22();
    const plan = makePlan({ teams: 2, tasks: ["classification", "regression"], seed: 3, rq2: true });
    for (const [k, team] of plan.teams.entries()) {
      expect(team.drills.map((d) => d.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const task of plan.tasks) {
        const mine = team.drills.filter((d) => d.task === task);
        const faults = mine.filter((d) => !d.rq2);
        const drills = mine.filter((d) => d.rq2);
        // The fault drills are the plan without --rq2; the RQ2 drills follow them, arms in the same order.
        expect(faults.map(({ n: _, ...d }) => d)).toEqual(
          plain.teams[k].drills.filter((d) => d.task === task).map(({ n: _, ...d }) => d),
        );
        expect(drills.map((d) => d.arm)).toEqual(faults.map((d) => d.arm));
        expect(drills.every((d) => d.scenario.endsWith(`${task}/release-model.yaml`))).toBe(true);
        expect(drills[0].fault).toMatch(/^rq2:/);
        expect(Math.min(...drills.map((d) => d.n))).toBeGreaterThan(Math.max(...faults.map((d) => d.n)));
      }
    }
  });

  it("drills the declared arms: the baseline with the app's monitoring, the treatment with its own", () => {
    const drills = plan22().teams.flatMap((t) => t.drills);
    expect(new Set(drills.map((d) => d.arm))).toEqual(new Set(ARMS_DRILLED));
    const of = (arm: string) => drilledArm(drills.find((d) => d.arm === arm)!);
    expect(of("three-layer")).toMatchObject({
      pattern: "three-layer",
      observability: "app",
      deploy: "restart",
    });
    expect(of("proposed")).toMatchObject({
      pattern: "proposed",
      observability: "distributed",
      deploy: "restart",
    });
    // A plan written before arms: its drills run as they then did.
    expect(drilledArm({ pattern: "three-layer" })).toMatchObject({
      observability: "distributed",
      deploy: "restart",
    });
  });

  it("keeps the order balanced per task for more teams and tasks", () => {
    const plan = makePlan({ teams: 6, tasks: ["classification", "regression", "clustering"], seed: 1 });
    for (const b of Object.values(orderBalance(plan))) expect(b).toEqual({ proposed: 3, "three-layer": 3 });
    // No task always opens: the first task differs between teams.
    expect(new Set(plan.teams.map((t) => t.drills[0].task)).size).toBe(3);
  });

  it("never gives a team the same fault twice on a task, and drills each fault on both patterns", () => {
    const plan = makePlan({ teams: 4, tasks: ["classification", "chatbot"], seed: 9 });
    for (const team of plan.teams)
      for (const task of plan.tasks) {
        const faults = team.drills.filter((d) => d.task === task).map((d) => d.fault);
        expect(new Set(faults).size).toBe(2);
      }
    for (const task of plan.tasks) {
      const seen = new Map<string, Set<string>>();
      for (const team of plan.teams.slice(0, 2))
        for (const d of team.drills.filter((x) => x.task === task))
          seen.set(d.fault, (seen.get(d.fault) ?? new Set()).add(d.pattern));
      for (const patterns of seen.values()) expect(patterns.size).toBe(2);
    }
    for (const d of plan.teams.flatMap((t) => t.drills)) {
      expect(["trend", "schema", "release"]).toContain(d.fault.split(".")[0]);
      expect(d.scenario).toMatch(new RegExp(`^scenarios/${d.task}/`));
    }
    const seeds = plan.teams.flatMap((t) => t.drills.map((d) => d.seed));
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  it("is the same plan for the same seed and another for another seed", () => {
    expect(plan22()).toEqual(plan22());
    const other = makePlan({ teams: 2, tasks: ["classification", "regression"], seed: 4 });
    expect(other.teams.flatMap((t) => t.drills.map((d) => d.seed))).not.toEqual(
      plan22().teams.flatMap((t) => t.drills.map((d) => d.seed)),
    );
  });

  it("refuses bad options with errors that name the flag", () => {
    const bad = (o: Parameters<typeof makePlan>[0]) => () => makePlan(o);
    expect(bad({ teams: 1, tasks: ["classification"] })).toThrow(/--teams must be an integer of at least 2/);
    expect(bad({ teams: 2.5, tasks: ["classification"] })).toThrow(StudyError);
    expect(bad({ teams: 2, tasks: [] })).toThrow(/--tasks must name/);
    expect(bad({ teams: 2, tasks: ["painting"] })).toThrow(
      /--tasks: unknown task 'painting'; known: .*classification/,
    );
    expect(bad({ teams: 2, tasks: ["chatbot", "chatbot"] })).toThrow(/--tasks names 'chatbot' twice/);
    expect(bad({ teams: 2, tasks: ["classification"], kinds: ["infra"] })).toThrow(
      /--tasks: task 'classification' has 1 scenario\(s\) with a fault of kinds infra/,
    );
  });

  it("writes a plan that reads back the same, and finds a team's next drill by its finished journal", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "study-"));
    const file = path.join(dir, "plan.yaml");
    const plan = plan22();
    writePlan(file, plan);
    expect(readPlan(file)).toEqual(plan);
    const [first] = plan.teams[0].drills;
    const where = drillDirOf(file, "team-1", first);
    expect(where).toBe(path.join(dir, "plan-drills", "team-1", `1-${first.task}-${first.pattern}`));
    expect(isDone(file, "team-1", first)).toBe(false);
    fs.mkdirSync(where, { recursive: true });
    fs.writeFileSync(path.join(where, "journal.jsonl"), '{"type":"trial"}\n');
    expect(isDone(file, "team-1", first)).toBe(false);
    fs.appendFileSync(path.join(where, "journal.jsonl"), '{"type":"summary","summary":{}}\n');
    expect(isDone(file, "team-1", first)).toBe(true);
    fs.writeFileSync(file, "version: 2\n");
    expect(() => readPlan(file)).toThrow(/--plan .* is not a study plan: version/);
  });
});
