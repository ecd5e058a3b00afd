import { afterAll, describe, expect, it } from "vitest";
import { pairTrials } from "./comparisons.ts";
import {
  crossover,
  removeTmpRunDirs,
  type TrialSpec,
  tmpRunDir,
  writeDrillsDir,
  writeRunDir,
} from "./fixture.ts";
import { buildReportModel } from "./model.ts";
import type { Analysis, Answers, ReportModel } from "./types.ts";

afterAll(removeTmpRunDirs);

const FAULTS: [string, string] = ["schema.rename", "trend.covariate"];
const teams = (n: number) => Array.from({ length: n }, (_, k) => `team-${k + 1}`);
const build = (trials: TrialSpec[]) =>
  buildReportModel(writeRunDir(tmpRunDir(), { trials }), { resamples: 400 });
const human = (m: ReportModel) => m.analyses.find((a) => a.operator === "human") as Analysis;
const ttl = (a: Analysis, task = "all", faultKind = "all") =>
  a.comparisons.find((c) => c.measure === "ttl_ms" && c.task === task && c.faultKind === faultKind);
const rq1 = (a: Analysis) => a.verdicts.find((v) => v.rq === "rq1");

/** Every team localizes faster under proposed, by a margin that differs per team (no ties). */
const faster = (k: number, _task: string, pattern: string) => ({
  ttl_ms: pattern === "proposed" ? 60_000 + 1000 * k : 120_000 + 1500 * k,
});

describe("pairing human drills", () => {
  it("pairs a team's two drills of a task though their scenarios and seeds differ", () => {
    const a = human(build(crossover(teams(6), ["classification"], FAULTS, faster)));
    const c = ttl(a);
    expect(c).toMatchObject({ pairs: 6, unmatched: 0, design: "paired", nBaseline: 6, nCandidate: 6 });
    expect(c?.wilcoxon).toMatchObject({ n: 6, method: "exact" });
    expect(c?.mannWhitney).toBeNull();
    // A team meets a different fault under each pattern, so the per-kind rows hold no pair.
    expect(ttl(a, "classification", "schema")).toMatchObject({ pairs: 0, design: "unpaired" });
    expect(a.teams?.teams).toBe(6);
    expect(a.teams?.rows.every((r) => r.paired)).toBe(true);
  });

  it("does not pair different teams that drilled the same scenario and seed", () => {
    const [b, c] = build(
      ["three-layer", "proposed"].map((pattern, k) => ({
        task: "classification",
        pattern,
        fault: "schema.rename",
        seed: 1,
        operator: "human" as const,
        team: `team-${k + 1}`,
      })),
    ).trials;
    expect(pairTrials([b], [c])).toMatchObject({ pairs: [], unmatched: 2 });
  });

  it("leaves drills without a team unpaired and falls back to Mann-Whitney", () => {
    const drills = crossover(teams(4), ["classification"], FAULTS, faster).map((d, i) =>
      i < 6 ? { ...d, team: null } : d,
    );
    const a = human(build(drills));
    const c = ttl(a);
    expect(c).toMatchObject({ pairs: 1, unmatched: 6, design: "unpaired" });
    expect(c?.mannWhitney?.p).toBeGreaterThan(0);
    expect(c?.p).toBe(c?.mannWhitney?.p);
    expect(a.teams?.unteamed).toHaveLength(6);
    expect(rq1(a)?.caveats.join(" ")).toContain("6 drills named no team and stay unpaired");
  });

  it("pairs by team only for people: the runbook's trials still pair by scenario and seed", () => {
    const auto = build(
      ["three-layer", "proposed"].flatMap((pattern) =>
        [1, 2].map((seed) => ({ task: "classification", pattern, fault: "schema.rename", seed })),
      ),
    );
    expect(ttl(auto.analyses[0])?.pairs).toBe(2);
    expect(auto.method.humanPairing).toBeUndefined();
  });
});

describe("the human verdicts", () => {
  it("calls proposed better when eight teams all localize faster under it, and says how the pairs were made", () => {
    const m = build(crossover(teams(8), ["classification"], FAULTS, faster));
    const v = rq1(human(m));
    const c = ttl(human(m));
    expect(c?.p).toBeCloseTo(2 / 256, 10);
    // Holm over the four RQ1 headline tests with a p (time to action has no data): 4 x 2/256.
    expect(c?.pHolm).toBeCloseTo(8 / 256, 10);
    expect(c?.difference?.resampling).toBe("task, team");
    expect(v?.direction).toBe("better");
    expect(v?.statement).toBe("proposed localizes faults faster than three-layer.");
    expect(v?.caveats[0]).toContain("8 pairs by team and task");
    const people = v?.caveats.find((c) => c.startsWith("The operators were people"));
    expect(people).toContain("Human pairs are by team and task");
    expect(people).toContain("8 teams drilled, 8 of them both patterns of a task");
    expect(m.method.humanPairing).toContain("whatever their scenarios and seeds");
    expect(people).not.toContain("more than one task");
  });

  it("does not call six one-sided teams better once Holm adjusts over the headline family, and says why", () => {
    const c = ttl(human(build(crossover(teams(6), ["classification"], FAULTS, faster))));
    const v = rq1(human(build(crossover(teams(6), ["classification"], FAULTS, faster))));
    expect(c?.p).toBeCloseTo(2 / 64, 10);
    expect(c?.pHolm).toBeCloseTo(8 / 64, 10);
    expect(c?.canReach).toBe(true);
    expect(v?.direction).toBe("inconclusive");
    expect(v?.caveats.join(" ")).toContain("is one of 4 headline tests, Holm-adjusted");
  });

  it("calls four teams inconclusive, however one-sided, and says the test cannot reach p < 0.05", () => {
    const v = rq1(human(build(crossover(teams(4), ["classification"], FAULTS, faster))));
    expect(v?.direction).toBe("inconclusive");
    expect(v?.caveats.join(" ")).toContain("Only 4 non-tied pairs");
  });

  it("calls proposed worse when the teams are slower under it", () => {
    const slower = (k: number, task: string, pattern: string) =>
      faster(k, task, pattern === "proposed" ? "three-layer" : "proposed");
    expect(rq1(human(build(crossover(teams(8), ["classification"], FAULTS, slower))))?.direction).toBe(
      "worse",
    );
  });
});

describe("human drills beside the runbook's trials", () => {
  const auto: TrialSpec[] = ["classification", "regression"].flatMap((task) =>
    ["three-layer", "proposed"].flatMap((pattern) =>
      [1, 2, 3].map((seed) => ({
        task,
        pattern,
        fault: "release.model",
        seed,
        ttl_ms: (pattern === "proposed" ? 1000 : 2500) + seed * 10 + task.length,
        ttr_ms: (pattern === "proposed" ? 300 : 8000) + seed,
        rollback_ok: true,
      })),
    ),
  );
  const answers: Answers = { helped_identify: 4, helped_rollback: 5, would_adopt: 3, comment: "" };
  const people = crossover(teams(6), ["classification"], FAULTS, (k, task, pattern) => ({
    ...faster(k, task, pattern),
    answers,
  }));

  it("leaves every figure, comparison and verdict of the runbook's trials as it was", () => {
    const alone = build(auto);
    const both = build([...auto, ...people]);
    const [a, b] = [alone.analyses[0], both.analyses[0]];
    expect(b.operator).toBe("auto");
    expect(b.rq1).toEqual(a.rq1);
    expect(b.rq2).toEqual(a.rq2);
    expect(b.comparisons).toEqual(a.comparisons);
    expect(b.questionnaire).toBeUndefined();
    expect(b.verdicts.map((v) => [v.direction, v.statement, v.evidence, v.support_statement])).toEqual(
      a.verdicts.map((v) => [v.direction, v.statement, v.evidence, v.support_statement]),
    );
    // The only new caveat: the people's drills are reported apart.
    const added = b.verdicts[0].caveats.filter((c) => !a.verdicts[0].caveats.includes(c));
    expect(added).toEqual(["Trials by other operators (human) are reported separately and not mixed in."]);
    expect(both.trials.filter((t) => t.operator === "auto")).toEqual(alone.trials);
    expect(human(both).questionnaire?.rows[1].questions.helped_rollback).toEqual({
      n: 6,
      counts: [0, 0, 0, 0, 6],
      median: 5,
    });
  });
});

describe("a study's drills folder", () => {
  const answers = (i: number): Answers => ({
    helped_identify: i,
    helped_rollback: 3,
    would_adopt: 4,
    comment: "",
  });
  const drills = [
    ...crossover(["team-1", "team-2"], ["classification", "regression"], FAULTS, (k, _task, pattern) => ({
      ttl_ms: pattern === "proposed" ? 50_000 + k : 90_000 + k,
      answers: answers(pattern === "proposed" ? 5 : 2),
    })),
    { task: "classification", pattern: "proposed", fault: "schema.rename", seed: 3, team: null },
  ];

  it("reads every drill journal below it, pairs them by team, and lists an unfinished drill", () => {
    const dir = tmpRunDir("study-drills");
    const ids = writeDrillsDir(dir, [...drills, { ...drills[0], team: "team-3", unfinished: true }]);
    expect(ids.slice(0, 2)).toEqual([
      "team-1/1-classification-three-layer",
      "team-1/2-classification-proposed",
    ]);
    const m = buildReportModel(dir, { resamples: 200 });
    expect(m.layout).toBe("drill journals");
    expect(m.runId).toBe("study-drills");
    expect(m.counts).toMatchObject({ planned: 10, finished: 9 });
    expect(m.counts.unfinished).toEqual([{ id: "team-3/1-classification-three-layer", state: "no summary" }]);
    expect(m.analyses.map((a) => a.operator)).toEqual(["human"]);
    const a = human(m);
    expect(ttl(a)).toMatchObject({ pairs: 4, unmatched: 1, design: "paired" });
    expect(ttl(a, "regression")).toMatchObject({ pairs: 2, unmatched: 0 });
    expect(a.teams?.unteamed).toEqual(["no-team/1-classification-proposed"]);
    expect(m.trials.find((t) => t.id === ids[0])?.drill).toEqual({
      participant: "team-1-p1",
      team: "team-1",
      time_limit_ms: 1_200_000,
    });
    const q = a.questionnaire;
    expect(q?.rows.map((r) => `${r.task} ${r.pattern} ${r.answered}/${r.drills}`)).toEqual([
      "all three-layer 4/4",
      "all proposed 4/5",
      "classification three-layer 2/2",
      "classification proposed 2/3",
      "regression three-layer 2/2",
      "regression proposed 2/2",
    ]);
    expect(q?.rows[1].questions.helped_identify).toEqual({ n: 4, counts: [0, 0, 0, 0, 4], median: 5 });
    expect(rq1(a)?.caveats.join(" ")).toContain(
      "2 teams gave pairs on more than one task; the pooled (all tasks) test treats those pairs as independent",
    );
  });

  it("reads one drill's own folder as a drills folder of one", () => {
    const dir = tmpRunDir("one");
    writeDrillsDir(dir, [drills[0]]);
    const m = buildReportModel(`${dir}/team-1/1-classification-three-layer`, { resamples: 100 });
    expect(m.trials.map((t) => t.id)).toEqual(["1-classification-three-layer"]);
  });
});
