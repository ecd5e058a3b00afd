import { describe, expect, it } from "vitest";
import { patterns } from "../../systems/patterns/index.ts";
import { startWaves } from "./process.ts";

const names = (waves: { name: string }[][]) => waves.map((w) => w.map((u) => u.name));

describe("the units' start order", () => {
  it("starts together the units whose peers are already up, and each unit after the ones it calls", () => {
    expect(
      names(
        startWaves([
          { name: "bundle", needs: [] },
          { name: "collector", needs: [] },
          { name: "logic", needs: ["bundle", "collector"] },
          { name: "ui", needs: ["logic"] },
        ]),
      ),
    ).toEqual([["bundle", "collector"], ["logic"], ["ui"]]);
    for (const name of patterns.names) {
      const waves = startWaves(patterns.get(name).units);
      const order = waves.flat().map((u) => u.name);
      expect(order.sort()).toEqual(
        patterns
          .get(name)
          .units.map((u) => u.name)
          .sort(),
      );
      const at = new Map(waves.flatMap((w, i) => w.map((u) => [u.name, i] as const)));
      for (const u of waves.flat())
        for (const n of u.needs) expect(at.get(n)).toBeLessThan(at.get(u.name) as number);
    }
  });

  it("refuses units that need each other or a unit that is not there, naming them", () => {
    expect(() =>
      startWaves([
        { name: "a", needs: ["b"] },
        { name: "b", needs: ["a"] },
      ]),
    ).toThrow(/units a, b need each other/);
    expect(() => startWaves([{ name: "a", needs: ["ghost"] }])).toThrow(/units a need/);
  });
});
