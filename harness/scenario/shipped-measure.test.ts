/**
 * Every shipped scenario does what it says: `archdrill scenarios measure` finds it detectable by
 * design and its fault's cause fitting its data, or it declares otherwise in its `expect:` section,
 * with the numbers. A scenario whose data drift away from its description fails here.
 */
import { afterAll, describe, expect, it } from "vitest";
import { scenarioFiles } from "./list.ts";
import { measureScenario, type ScenarioMeasure } from "./measure.ts";
import { disposeReleases } from "./measure-release.ts";
import { agrees } from "./measure-verdict.ts";

describe("the shipped scenarios, measured", () => {
  afterAll(() => disposeReleases());

  it("each do what they say, or say what they do instead", async () => {
    const disagree: string[] = [];
    for (const file of scenarioFiles()) {
      const m: ScenarioMeasure = await measureScenario(file);
      const verdict = agrees(m.verdict, m.expect);
      if (!verdict.ok) disagree.push(`${m.file}: ${verdict.why}`);
    }
    expect(disagree).toEqual([]);
  }, 600_000);
});
