import { describe, expect, it } from "vitest";
import { patterns } from "../../systems/patterns/index.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { ARMS, resolveArms } from "./arms.ts";
import { COMPARISON } from "./comparison.ts";
import { MatrixError, NOT_IN_DEFAULT, planMatrix, QUICK, STANDARD_SCENARIOS } from "./matrix.ts";
import { resolveMatrix } from "./run.ts";

const both = resolveArms(["default"]);

describe("the default matrix", () => {
  it("runs every registered task, or states why it leaves one out", () => {
    const m = resolveMatrix({});
    for (const name of tasks.names)
      expect(m.tasks.includes(name) || (NOT_IN_DEFAULT.tasks[name] ?? "").trim().length > 0).toBe(true);
    // An exclusion names something registered, and what it names is really left out.
    for (const name of Object.keys(NOT_IN_DEFAULT.tasks)) {
      expect(tasks.names).toContain(name);
      expect(m.tasks).not.toContain(name);
    }
  });

  it("runs the paper's baseline against its treatment, and every registered pattern has an arm in --arms all", () => {
    const m = resolveMatrix({});
    expect(m.arms.map((a) => a.name)).toEqual([COMPARISON.baseline, COMPARISON.treatment]);
    expect(m.comparison).toEqual(COMPARISON);
    const all = resolveMatrix({ arms: ["all"] }).arms;
    for (const name of patterns.names) expect(all.map((a) => a.pattern)).toContain(name);
    for (const a of ARMS) expect(patterns.has(a.pattern)).toBe(true);
  });

  it("declares a comparison of two arms of different patterns", () => {
    const arm = (name: string) => ARMS.find((a) => a.name === name);
    expect(arm(COMPARISON.baseline)?.pattern).not.toBe(arm(COMPARISON.treatment)?.pattern);
  });
});

describe("planMatrix", () => {
  it("plans every task x arm x scenario x seed once, with stable ids and the scenario's fault", () => {
    const plan = planMatrix({
      tasks: ["classification", "regression"],
      arms: both,
      scenarios: [...STANDARD_SCENARIOS],
      seeds: [1, 2],
    });
    expect(plan).toHaveLength(2 * 2 * STANDARD_SCENARIOS.length * 2);
    expect(new Set(plan.map((t) => t.id)).size).toBe(plan.length);
    expect(plan.map((t) => t.order)).toEqual(plan.map((_, k) => k));
    const one = plan.find((t) => t.id === "regression.proposed.release-model.s2");
    expect(one).toMatchObject({
      system: "regression/proposed",
      scenario: "scenarios/regression/release-model.yaml",
      fault: "release.model",
      seed: 2,
      arm: "proposed",
      observability: "distributed",
      deploy: "restart",
    });
    expect(plan.find((t) => t.id === "regression.three-layer.release-model.s2")).toMatchObject({
      pattern: "three-layer",
      observability: "app",
      deploy: "restart",
    });
  });

  it("runs every arm of --arms all on each cell, side by side, two arms of one pattern apart by name", () => {
    const arms = resolveArms(["all"]);
    const plan = planMatrix({ ...QUICK, arms, seeds: [1] });
    expect(plan).toHaveLength(2 * arms.length);
    const cell = plan.slice(0, arms.length);
    expect(new Set(cell.map((t) => t.arm))).toEqual(new Set(arms.map((a) => a.name)));
    expect(new Set(cell.map((t) => t.scenario)).size).toBe(1);
    const blueGreen = plan.find((t) => t.arm === "three-layer+blue-green");
    expect(blueGreen).toMatchObject({
      system: "classification/three-layer",
      deploy: "blue-green",
      observability: "app",
    });
    expect(blueGreen?.id).toMatch(/^classification\.three-layer\+blue-green\./);
  });

  it("plans the quick matrix as four trials of one task", () => {
    const plan = planMatrix({ ...QUICK, arms: both, seeds: [1] });
    expect(plan.map((t) => t.id).sort()).toEqual([
      "classification.proposed.release-model.s1",
      "classification.proposed.schema-rename.s1",
      "classification.three-layer.release-model.s1",
      "classification.three-layer.schema-rename.s1",
    ]);
  });

  it("adds each scenario's RQ2 drill with --rq2 where the scenario has one, after the fault trials", () => {
    const plan = planMatrix({ ...QUICK, arms: both, seeds: [1], rq2: true });
    const drills = plan.filter((t) => t.kind === "rq2");
    expect(drills.map((t) => t.id).sort()).toEqual([
      "classification.proposed.release-model.s1.rq2",
      "classification.three-layer.release-model.s1.rq2",
    ]);
    expect(drills[0].fault).toBe("rq2:2014");
    expect(plan.slice(-2)).toEqual(drills);
  });

  it("names the unknown task, pattern or scenario and what is known", () => {
    const base = { tasks: ["classification"], arms: both, scenarios: ["release-model"], seeds: [1] };
    expect(() => planMatrix({ ...base, tasks: ["vision"] })).toThrow(
      /unknown task 'vision'; known: .*classification/,
    );
    expect(() =>
      planMatrix({ ...base, arms: [{ ...both[0], name: "x", pattern: "microservices" }] }),
    ).toThrow(MatrixError);
    expect(() => planMatrix({ ...base, scenarios: ["nope"] })).toThrow(
      "task 'classification' has no scenario 'nope' (looked for scenarios/classification/nope.yaml)",
    );
  });

  it("takes a scenario file by path for its own task only", () => {
    const plan = planMatrix({
      tasks: ["classification", "regression"],
      arms: both,
      scenarios: ["scenarios/regression/trend-prior.yaml"],
      seeds: [7],
    });
    expect(plan.map((t) => t.system).sort()).toEqual(["regression/proposed", "regression/three-layer"]);
  });
});
