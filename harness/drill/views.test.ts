import { describe, expect, it } from "vitest";
import { rankedOf, replayTable } from "./views.ts";

describe("console views", () => {
  it("ranks the participant's main guess first, at the unit and flow they name, with their words as evidence, then the other guesses", () => {
    const ranked = rankedOf({
      part: "ml",
      cause: "release",
      unit: "bundle",
      flow: "output",
      feature: "",
      onset: 310,
      severity: "critical",
      text: "answers changed after a release",
      alternatives: [{ part: "ml", cause: "trend" }],
    });
    expect(ranked).toEqual([
      {
        part: "ml",
        cause: "release",
        unit: "bundle",
        flow: "output",
        score: 1,
        evidence: ["answers changed after a release"],
      },
      { part: "ml", cause: "trend", score: 0, evidence: [] },
    ]);
  });

  it("counts the replayed requests whose labels differ between two releases", () => {
    const answer = (label: string | number | null) => ({ label, decision: null, status: 200 });
    const t = replayTable(
      [{ a: 1 }, { a: 2 }, { a: 3 }],
      [
        [answer("sun"), answer("rain"), answer(3.5)],
        [answer("sun"), answer("snow"), answer(3.5)],
      ],
    );
    expect(t.labels_differ).toBe(1);
    expect(t.rows[1]).toEqual({ request: '{"a":2}', answers: [answer("rain"), answer("snow")] });
    expect(replayTable([{ a: 1 }], [[answer("sun")]]).labels_differ).toBeNull();
  });
});
