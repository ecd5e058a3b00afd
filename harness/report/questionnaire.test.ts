import { describe, expect, it } from "vitest";
import { summaryOf, type TrialSpec } from "./fixture.ts";
import { likertFigure, questionnaireOf } from "./questionnaire.ts";
import type { Answers, TrialRow } from "./types.ts";

const PATTERNS = { baseline: "three-layer", candidate: "proposed" };

const row = (s: TrialSpec & { id: string; answers?: Answers }): TrialRow => ({
  ...summaryOf({ operator: "human", ...s }),
  id: s.id,
  kind: "rq1",
  faultKind: s.fault.split(".")[0],
  truncated: false,
  drill: { participant: null, team: s.team ?? null, time_limit_ms: 1000 },
  ...(s.answers ? { questionnaire: s.answers } : {}),
});

const answers = (i: number, r: number, a: number, comment = ""): Answers => ({
  helped_identify: i,
  helped_rollback: r,
  would_adopt: a,
  comment,
});

describe("likertFigure", () => {
  it("counts each point of the scale and takes the middle answer as the median", () => {
    expect(likertFigure([5, 4, 4, 2, 4])).toEqual({ n: 5, counts: [0, 1, 0, 3, 1], median: 4 });
  });

  it("takes the mean of the two middle answers when n is even, and no median without answers", () => {
    expect(likertFigure([1, 3, 2, 5])).toEqual({ n: 4, counts: [1, 1, 1, 0, 1], median: 2.5 });
    expect(likertFigure([])).toEqual({ n: 0, counts: [0, 0, 0, 0, 0], median: null });
  });
});

describe("questionnaireOf", () => {
  const base = { fault: "schema.rename", seed: 1 };
  const trials = [
    row({
      ...base,
      id: "a",
      task: "classification",
      pattern: "proposed",
      answers: answers(5, 4, 5, "clear"),
    }),
    row({ ...base, id: "b", task: "classification", pattern: "proposed", answers: answers(4, 4, 3) }),
    row({ ...base, id: "c", task: "regression", pattern: "proposed", answers: answers(3, 2, 4, "  ") }),
    row({
      ...base,
      id: "d",
      task: "classification",
      pattern: "three-layer",
      answers: answers(2, 1, 2, "slow"),
    }),
    row({ ...base, id: "e", task: "regression", pattern: "three-layer" }),
  ];
  const q = questionnaireOf(trials, PATTERNS);

  it("gives each pattern over all tasks first, then each task's patterns when there are several tasks", () => {
    expect(q.rows.map((r) => [r.task, r.pattern, r.drills, r.answered])).toEqual([
      ["all", "three-layer", 2, 1],
      ["all", "proposed", 3, 3],
      ["classification", "three-layer", 1, 1],
      ["classification", "proposed", 2, 2],
      ["regression", "three-layer", 1, 0],
      ["regression", "proposed", 1, 1],
    ]);
  });

  it("counts each question's answers per group, with n and the median", () => {
    const proposed = q.rows[1].questions;
    expect(proposed.helped_identify).toEqual({ n: 3, counts: [0, 0, 1, 1, 1], median: 4 });
    expect(proposed.helped_rollback).toEqual({ n: 3, counts: [0, 1, 0, 2, 0], median: 4 });
    expect(proposed.would_adopt).toEqual({ n: 3, counts: [0, 0, 1, 1, 1], median: 4 });
    expect(q.rows[4].questions.would_adopt).toEqual({ n: 0, counts: [0, 0, 0, 0, 0], median: null });
    expect(q.questions.map((x) => x.key)).toEqual(["helped_identify", "helped_rollback", "would_adopt"]);
  });

  it("lists the comments that say something, baseline pattern first, with their team", () => {
    expect(q.comments).toEqual([
      { id: "d", task: "classification", pattern: "three-layer", team: null, comment: "slow" },
      { id: "a", task: "classification", pattern: "proposed", team: null, comment: "clear" },
    ]);
  });

  it("has no per-task rows when every drill is of one task, and shows an undrilled compared pattern empty", () => {
    const one = questionnaireOf(
      trials.filter((t) => t.id === "a"),
      PATTERNS,
    );
    expect(one.rows.map((r) => [r.task, r.pattern, r.drills])).toEqual([
      ["all", "three-layer", 0],
      ["all", "proposed", 1],
    ]);
  });
});
