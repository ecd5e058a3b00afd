import { describe, expect, it } from "vitest";
import { patterns } from "../../systems/patterns/index.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { COMPARISON } from "./comparison.ts";
import { MatrixError, NOT_IN_DEFAULT, planMatrix, QUICK, STANDARD_SCENARIOS } from "./matrix.ts";
import { resolveMatrix } from "./run.ts";

const both = ["three-layer", "proposed"];

describe("the default matrix", () => {
  it("runs every registered task and pattern, or states why it leaves one out", () => {
    const m = resolveMatrix({});
    for (const [registry, chosen, left] of [
      [tasks.names, m.tasks, NOT_IN_DEFAULT.tasks],
      [patterns.names, m.patterns, NOT_IN_DEFAULT.patterns],
    ] as const) {
      for (const name of registry)
        expect(chosen.includes(name) || (left[name] ?? "").trim().length > 0).toBe(true);
      // An exclusion names something registered, and what it names is really left out.
      for (const name of Object.keys(left)) {
        expect(registry).toContain(name);
        expect(chosen).not.toContain(name);
      }
    }
  });

  it("declares a comparison of two registered patterns", () => {
    expect(patterns.has(COMPARISON.baseline) && patterns.has(COMPARISON.treatment)).toBe(true);
    expect(COMPARISON.baseline).not.toBe(COMPARISON.treatment);
  });
});

describe("planMatrix", () => {
  it("plans every task x pattern x scenario x seed once, with stable ids and the scenario's fault", () => {
    const plan = planMatrix({
      tasks: ["classification", "regression"],
      patterns: both,
      scenarios: [...STANDARD_SCENARIOS],
      seeds: [1, 2],
    });
    expect(plan).toHaveLength(2 * 2 * 3 * 2);
    expect(new Set(plan.map((t) => t.id)).size).toBe(plan.length);
    expect(plan.map((t) => t.order)).toEqual(plan.map((_, k) => k));
    const one = plan.find((t) => t.id === "regression.proposed.release-model.s2");
    expect(one).toMatchObject({
      system: "regression/proposed",
      scenario: "scenarios/regression/release-model.yaml",
      fault: "release.model",
      seed: 2,
    });
  });

  it("plans the quick matrix as four trials of one task", () => {
    const plan = planMatrix({ ...QUICK, patterns: both, seeds: [1] });
    expect(plan.map((t) => t.id).sort()).toEqual([
      "classification.proposed.release-model.s1",
      "classification.proposed.schema-rename.s1",
      "classification.three-layer.release-model.s1",
      "classification.three-layer.schema-rename.s1",
    ]);
  });

  it("adds each scenario's RQ2 drill with --rq2 where the scenario has one, after the fault trials", () => {
    const plan = planMatrix({ ...QUICK, patterns: both, seeds: [1], rq2: true });
    const drills = plan.filter((t) => t.kind === "rq2");
    expect(drills.map((t) => t.id).sort()).toEqual([
      "classification.proposed.release-model.s1.rq2",
      "classification.three-layer.release-model.s1.rq2",
    ]);
    expect(drills[0].fault).toBe("rq2:2014");
    expect(plan.slice(-2)).toEqual(drills);
  });

  it("names the unknown task, pattern or scenario and what is known", () => {
    const base = { tasks: ["classification"], patterns: both, scenarios: ["release-model"], seeds: [1] };
    expect(() => planMatrix({ ...base, tasks: ["vision"] })).toThrow(
      /unknown task 'vision'; known: .*classification/,
    );
    expect(() => planMatrix({ ...base, patterns: ["microservices"] })).toThrow(MatrixError);
    expect(() => planMatrix({ ...base, scenarios: ["nope"] })).toThrow(
      "task 'classification' has no scenario 'nope' (looked for scenarios/classification/nope.yaml)",
    );
  });

  it("takes a scenario file by path for its own task only", () => {
    const plan = planMatrix({
      tasks: ["classification", "regression"],
      patterns: both,
      scenarios: ["scenarios/regression/trend-prior.yaml"],
      seeds: [7],
    });
    expect(plan.map((t) => t.system).sort()).toEqual(["regression/proposed", "regression/three-layer"]);
  });
});
