import path from "node:path";
import { describe, expect, it } from "vitest";
import { getPattern, patterns } from "../../systems/patterns/index.ts";
import { repoRoot } from "../paths.ts";
import { minimalScenario } from "../scenario/fixture.ts";
import { loadScenario, parseScenario } from "../scenario/load.ts";
import { truthOf } from "./grain.ts";
import { faults, faultTruth } from "./index.ts";

const scenario = (name: string) =>
  loadScenario(path.join(repoRoot, "scenarios", "classification", `${name}.yaml`)).scenario;

describe("the truth at the grain the architecture changes", () => {
  it("names the unit to act on through each pattern's own roles, never its name", () => {
    for (const name of patterns.names) {
      const p = getPattern(name);
      expect(truthOf(scenario("release-model"), 1, p)).toMatchObject({
        unit: p.modelUnit,
        flow: "output",
        features: [],
      });
      expect(truthOf(scenario("release-logic"), 1, p)).toMatchObject({ unit: p.logicUnit, flow: "answer" });
      expect(truthOf(scenario("schema-rename"), 1, p)).toMatchObject({ unit: p.logicUnit, flow: "input" });
      expect(truthOf(scenario("infra-db"), 1, p)).toMatchObject({ unit: p.logicUnit, flow: "store" });
    }
  });

  it("names the features a fault changes, as its params resolve them for the task", () => {
    const units = getPattern(patterns.names[0]);
    expect(truthOf(scenario("schema-swap"), 1, units).features).toEqual(["temp_max", "temp_min"]);
    expect(truthOf(scenario("schema-rename"), 1, units).features).toEqual(["temp_max"]);
    expect(truthOf(scenario("trend-covariate"), 1, units).features).toEqual(["temp_max", "temp_min"]);
    expect(truthOf(scenario("processing-skew"), 1, units)).toMatchObject({ flow: "vector", features: [] });
  });

  it("resolves the part a fault's params break: release.joint's model or its logic", () => {
    const logic = (truth: string) =>
      parseScenario(
        minimalScenario
          .replace(
            "{ type: trend.covariate, at: 0.5 }",
            "{ type: release.joint, at: 0.5, params: { broken: logic } }",
          )
          .replace("part: ml, cause: trend", truth),
        "x.yaml",
      );
    for (const name of patterns.names) {
      const p = getPattern(name);
      expect(truthOf(scenario("release-joint"), 1, p)).toMatchObject({
        part: "ml",
        unit: p.modelUnit,
        flow: "output",
      });
      expect(truthOf(logic("part: logic, cause: release"), 1, p)).toMatchObject({
        part: "logic",
        unit: p.logicUnit,
        flow: "answer",
      });
    }
    // The scenario check reads the same truth: a broken logic cannot be declared an ML release.
    expect(() => logic("part: ml, cause: release")).toThrow(/release\.joint makes logic\/release/);
  });

  it("takes the grain from the fault whose params make the truth, not the first fault", () => {
    // A trend goes in first; the joint release whose logic is broken is the truth to find.
    const s = parseScenario(
      minimalScenario
        .replace(
          "  - { type: trend.covariate, at: 0.5 }",
          "  - { type: trend.covariate, at: 0.3 }\n  - { type: release.joint, at: 0.6, params: { broken: logic } }",
        )
        .replace("part: ml, cause: trend", "part: logic, cause: release"),
      "x.yaml",
    );
    const p = getPattern("proposed");
    expect(truthOf(s, 1, p)).toMatchObject({ unit: p.logicUnit, flow: "answer", features: [] });
  });

  it("is a fault's own fields unless its params resolve them", () => {
    expect(faultTruth("release.logic", {})).toEqual({
      part: "logic",
      cause: "release",
      flow: "answer",
      at: "logic",
    });
    expect(faultTruth("release.joint", { broken: "logic" })).toMatchObject({ part: "logic", at: "logic" });
    expect(() => faultTruth("release.joint", { broken: "both" })).toThrow();
  });

  it("is declared by every fault: a flow and the role of the unit to act on", () => {
    for (const f of faults) {
      expect(["input", "vector", "output", "answer", "feedback", "store", "unit", "service"]).toContain(
        f.flow,
      );
      expect(["model", "logic", "store"]).toContain(f.at);
    }
  });
});
