import { describe, expect, it } from "vitest";
import {
  ARMS,
  ArmError,
  ATTRIBUTION,
  armName,
  comparisonOf,
  DEFAULT_ARMS,
  parseArm,
  resolveArms,
} from "./arms.ts";
import { COMPARISON } from "./comparison.ts";

describe("arms", () => {
  it("names each catalog arm by its factors, and an arm outside the catalog by pattern+observability+deploy", () => {
    for (const a of ARMS) expect(armName(a.pattern, a.observability, a.deploy)).toBe(a.name);
    expect(armName("proposed", "app", "blue-green")).toBe("proposed+app+blue-green");
    expect(new Set(ARMS.map((a) => `${a.pattern}/${a.observability}/${a.deploy}`)).size).toBe(ARMS.length);
  });

  it("takes an arm by name or by pattern/observability/deploy, the same arm either way", () => {
    expect(parseArm("three-layer/app/restart")).toMatchObject({ name: COMPARISON.baseline });
    expect(parseArm("proposed/app/blue-green")).toMatchObject({
      name: "proposed+app+blue-green",
      pattern: "proposed",
      observability: "app",
      deploy: "blue-green",
    });
  });

  it("refuses an unknown arm, pattern, profile or strategy by naming it, and an arm asked for twice", () => {
    expect(() => parseArm("best")).toThrow(/unknown arm 'best': give a name \(three-layer, proposed/);
    expect(() => parseArm("monolith/app/restart")).toThrow(/unknown pattern 'monolith'/);
    expect(() => parseArm("proposed/all/restart")).toThrow(/unknown observability 'all'/);
    expect(() => parseArm("proposed/app/canary")).toThrow(/unknown deploy strategy 'canary'/);
    expect(() => resolveArms(["default", "three-layer/app/restart"])).toThrow(ArmError);
  });

  it("expands default to the baseline and treatment, all to the catalog", () => {
    expect(resolveArms().map((a) => a.name)).toEqual([...DEFAULT_ARMS]);
    expect(resolveArms(["all"]).map((a) => a.name)).toEqual(ARMS.map((a) => a.name));
  });

  it("declares the catalog's comparison when both arms run, else the first two arms", () => {
    expect(comparisonOf(["three-layer+blue-green", "proposed", "three-layer"])).toEqual(COMPARISON);
    expect(comparisonOf(["proposed+app+restart", "proposed"])).toEqual({
      baseline: "proposed+app+restart",
      treatment: "proposed",
    });
    expect(comparisonOf(["proposed"])).toBeUndefined();
  });

  it("attributes by contrasts of catalog arms that differ in exactly one factor", () => {
    const arm = (n: string) => ARMS.find((a) => a.name === n);
    for (const c of ATTRIBUTION) {
      const [from, to] = [arm(c.from), arm(c.to)];
      expect(from && to).toBeTruthy();
      if (!from || !to) continue;
      const differs = (["pattern", "observability", "deploy"] as const).filter((k) => from[k] !== to[k]);
      expect(differs).toHaveLength(1);
    }
  });
});
