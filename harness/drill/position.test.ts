import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { loadScenario } from "../scenario/index.ts";
import { hideFaultPosition, POSITION_RANGE } from "./position.ts";

const load = (name: string) =>
  loadScenario(path.join(repoRoot, "scenarios", "classification", name)).scenario;

describe("hideFaultPosition", () => {
  it("draws the fault's position from the seed, the same for the same seed and inside the range", () => {
    const s = load("release-model.yaml");
    const at = (seed: number) => hideFaultPosition(s, seed).faults[0].at;
    expect(at(7)).toBe(at(7));
    const positions = [1, 2, 3, 4, 5, 6].map(at);
    expect(new Set(positions).size).toBe(positions.length);
    for (const p of positions) {
      expect(p).toBeGreaterThanOrEqual(POSITION_RANGE[0]);
      expect(p).toBeLessThanOrEqual(POSITION_RANGE[1]);
    }
  });

  it("keeps a gradual fault's whole ramp on the timeline and leaves the rest of the scenario alone", () => {
    const s = load("trend-covariate-gradual.yaml");
    for (const seed of [1, 2, 3, 4, 5]) {
      const moved = hideFaultPosition(s, seed);
      for (const f of moved.faults) {
        expect(f.at - f.width / 2).toBeGreaterThanOrEqual(0);
        expect(f.at + f.width / 2).toBeLessThanOrEqual(1 + 1e-12);
      }
      expect({ ...moved, faults: [] }).toEqual({ ...s, faults: [] });
      expect(moved.faults.map((f) => f.type)).toEqual(s.faults.map((f) => f.type));
    }
  });
});
