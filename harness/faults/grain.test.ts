import path from "node:path";
import { describe, expect, it } from "vitest";
import { getPattern, patterns } from "../../systems/patterns/index.ts";
import { repoRoot } from "../paths.ts";
import { loadScenario } from "../scenario/load.ts";
import { truthOf } from "./grain.ts";
import { faults } from "./index.ts";

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

  it("is declared by every fault: a flow and the role of the unit to act on", () => {
    for (const f of faults) {
      expect(["input", "vector", "output", "answer", "feedback", "store", "unit", "service"]).toContain(
        f.flow,
      );
      expect(["model", "logic", "store"]).toContain(f.at);
    }
  });
});
