import { describe, expect, it } from "vitest";
import { toPredictions } from "./classes.ts";

const classes = ["drizzle", "fog", "rain"] as const;

describe("toPredictions", () => {
  it("labels each row with its highest score and that score as the confidence", () => {
    const [a, b] = toPredictions(
      [
        [0.1, 0.2, 0.7],
        [0.5, 0.3, 0.2],
      ],
      classes,
    );
    expect(a).toEqual({
      label: "rain",
      confidence: 0.7,
      value: null,
      limit: null,
      scores: { drizzle: 0.1, fog: 0.2, rain: 0.7 },
    });
    expect(b.label).toBe("drizzle");
    expect(b.confidence).toBe(0.5);
  });

  it("keeps a NaN row as a NaN confidence so the guard sees it", () => {
    const [p] = toPredictions([[Number.NaN, Number.NaN, Number.NaN]], classes);
    expect(Number.isNaN(p.confidence)).toBe(true);
    expect(Object.values(p.scores).every(Number.isNaN)).toBe(true);
  });

  it("gives a NaN confidence for a row with a NaN anywhere, whatever its position", () => {
    const rows = [
      [Number.NaN, 0.9, 0.1],
      [0.1, Number.NaN, 0.9],
      [0.9, 0.1, Number.NaN],
    ];
    for (const p of toPredictions(rows, classes)) expect(Number.isNaN(p.confidence)).toBe(true);
  });

  it("gives no rows for no rows", () => {
    expect(toPredictions([], classes)).toEqual([]);
  });
});
