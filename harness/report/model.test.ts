import { afterAll, describe, expect, it } from "vitest";
import type { Summary } from "../../systems/kit/protocol/index.ts";
import { removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";
import { buildReportModel } from "./model.ts";
import type { Comparison, ReportModel } from "./types.ts";

const PATTERNS = ["three-layer", "proposed"] as const;

afterAll(removeTmpRunDirs);

/** Every task x fault x seed under both patterns, fields from f. */
function matrix(
  tasks: string[],
  faults: string[],
  seeds: number[],
  f: (
    task: string,
    pattern: string,
    fault: string,
    seed: number,
  ) => Partial<Summary> & { kind?: "rq1" | "rq2" },
): TrialSpec[] {
  return tasks.flatMap((task) =>
    faults.flatMap((fault) =>
      seeds.flatMap((seed) =>
        PATTERNS.map((pattern) => ({ task, pattern, fault, seed, ...f(task, pattern, fault, seed) })),
      ),
    ),
  );
}

const build = (trials: TrialSpec[], extra: Partial<Parameters<typeof writeRunDir>[1]> = {}) =>
  buildReportModel(writeRunDir(tmpRunDir(), { trials, ...extra }), { resamples: 500 });

const comparison = (m: ReportModel, measure: string, task = "all", faultKind = "all", operator = "auto") =>
  m.analyses
    .find((a) => a.operator === operator)
    ?.comparisons.find(
      (c) => c.measure === measure && c.task === task && c.faultKind === faultKind,
    ) as Comparison;

const verdict = (m: ReportModel, rq: "rq1" | "rq2", operator = "auto") =>
  m.analyses.find((a) => a.operator === operator)?.verdicts.find((v) => v.rq === rq);

/** Distinct offsets per trial so differences never tie: the exact tests apply. */
const ALL_TASKS = ["classification", "clustering", "regression", "chatbot"];
const offset = (task: string, fault: string, seed: number) =>
  (ALL_TASKS.indexOf(task) + 1) * 1000 + fault.length * 37 + seed * 7;

const TASKS = ["classification", "regression"];
const FAULTS = ["trend.covariate", "release.model"];
const SEEDS = [1, 2, 3];

describe("the RQ1 table", () => {
  const m = build(
    matrix(TASKS, FAULTS, SEEDS, (_task, pattern, _fault, seed) => ({
      ttl_ms: (pattern === "proposed" ? 1000 : 4000) + seed * 100,
      ttd_ms: 500 + seed,
      ac1: pattern === "proposed" || seed === 1 ? 1 : 0,
      false_alarms_per_10k: pattern === "proposed" ? 2 : 4,
    })),
  );
  const row = (task: string, kind: string) =>
    m.analyses[0].rq1.rows.find((r) => r.task === task && r.faultKind === kind);

  it("shows both patterns side by side per task x fault kind, with pooled rows", () => {
    expect(m.analyses[0].rq1.rows.map((r) => `${r.task}/${r.faultKind}`)).toEqual([
      "classification/trend",
      "classification/release",
      "classification/all",
      "regression/trend",
      "regression/release",
      "regression/all",
      "all/trend",
      "all/release",
      "all/all",
    ]);
    const cell = row("classification", "release")?.cells;
    expect(Object.keys(cell ?? {})).toEqual(["three-layer", "proposed"]);
    expect(cell?.proposed.trials).toBe(3);
    expect(cell?.proposed.figures.ttl_ms).toMatchObject({
      stat: "median",
      n: 3,
      censored: 0,
      median: 1200,
      q1: 1150,
      q3: 1250,
    });
    expect(cell?.["three-layer"].figures.ttl_ms).toMatchObject({ median: 4200 });
  });

  it("gives AC@1 as a rate and false alarms as a mean", () => {
    const all = row("all", "all")?.cells;
    expect(all?.proposed.figures.ac1).toEqual({ stat: "rate", n: 12, count: 12, rate: 1 });
    expect(all?.["three-layer"].figures.ac1).toEqual({ stat: "rate", n: 12, count: 4, rate: 4 / 12 });
    expect(all?.proposed.figures.false_alarms_per_10k).toEqual({ stat: "mean", n: 12, mean: 2 });
  });

  it("holds a seeded bootstrap CI around each median", () => {
    const f = row("all", "all")?.cells.proposed.figures.ttl_ms;
    expect(f?.stat === "median" && f.ci).toMatchObject({
      estimate: 1200,
      low: 1100,
      high: 1300,
      level: 0.95,
    });
  });
});

describe("comparisons and the RQ1 verdict", () => {
  const faster = (task: string, pattern: string, fault: string, seed: number) => ({
    ttl_ms: pattern === "proposed" ? 1000 + offset(task, fault, seed) : 5000 + 2 * offset(task, fault, seed),
    ac1: (pattern === "proposed" ? 1 : 0) as 0 | 1,
  });

  it("pairs trials on task, scenario and seed and tests the pairs with Wilcoxon", () => {
    const m = build(matrix(TASKS, FAULTS, SEEDS, faster));
    const c = comparison(m, "ttl_ms");
    expect(c).toMatchObject({ design: "paired", pairs: 12, unmatched: 0, nBaseline: 12, nCandidate: 12 });
    expect(c.wilcoxon).toMatchObject({ n: 12, w: 0, method: "exact" });
    expect(c.wilcoxon?.p).toBeCloseTo(2 / 4096, 12);
    expect(c.mannWhitney).toBeNull();
    expect(c.a12).toBe(0);
    expect(c.favours).toBe("proposed");
    expect(c.direction).toBe("better");
  });

  it("calls proposed faster when the data say so, and slower when the data flip", () => {
    const m = build(matrix(TASKS, FAULTS, SEEDS, faster));
    expect(verdict(m, "rq1")?.direction).toBe("better");
    expect(verdict(m, "rq1")?.statement).toBe("proposed localizes faults faster than three-layer.");
    expect(verdict(m, "rq1")?.supportAgrees).toBe(true);
    expect(verdict(m, "rq1")?.evidence).toContain("Wilcoxon signed-rank p < 0.001");

    const flipped = build(
      matrix(TASKS, FAULTS, SEEDS, (task, pattern, fault, seed) =>
        faster(task, pattern === "proposed" ? "three-layer" : "proposed", fault, seed),
      ),
    );
    expect(verdict(flipped, "rq1")?.direction).toBe("worse");
    expect(verdict(flipped, "rq1")?.statement).toBe("proposed localizes faults slower than three-layer.");
    expect(comparison(flipped, "ttl_ms").a12).toBe(1);
  });

  it("calls the patterns inconclusive when they differ a lot but in both directions", () => {
    const m = build(
      matrix(TASKS, FAULTS, SEEDS, (task, pattern, fault, seed) => ({
        ttl_ms: 2000 + offset(task, fault, seed) + (pattern === "proposed" ? (seed % 2 ? 3000 : -3000) : 0),
      })),
    );
    expect(verdict(m, "rq1")?.direction).toBe("inconclusive");
    expect(verdict(m, "rq1")?.statement).toBe(
      "Inconclusive: no difference in time to localize between proposed and three-layer could be shown, nor equivalence within ±500 ms.",
    );
  });

  it("lists a task whose own direction disagrees with the pooled one", () => {
    const m = build(
      matrix(ALL_TASKS, FAULTS, SEEDS, (task, pattern, fault, seed) => {
        const slower = task === "regression";
        const fast = 1000 + offset(task, fault, seed);
        const slow = fast + (slower ? 300 : 4000);
        return { ttl_ms: (pattern === "proposed") !== slower ? fast : slow };
      }),
    );
    const v = verdict(m, "rq1");
    // One task in four pointing the other way: the cluster bootstrap, resampling tasks, widens the
    // pooled interval across 0, so the pooled row leans better but cannot be called.
    expect(comparison(m, "ttl_ms").difference?.resampling).toBe("task, seed");
    expect(v?.direction).toBe("inconclusive");
    expect(v?.disagreeingTasks.map((d) => d.task)).toEqual(["regression"]);
    expect(v?.disagreeingTasks[0].direction).toContain("slower");
    // Slower in every pair of its own: not noise, and the caveat says so.
    expect(v?.disagreeingTasks[0].direction).toContain("by itself, exploratory, worse by the rule");
    expect(v?.caveats.join(" ")).toContain("Tasks that point the other way: regression");
  });

  it("says when a task that leans the other way is, by its own tests, equivalent", () => {
    const m = build(
      matrix(ALL_TASKS, FAULTS, SEEDS, (task, pattern, fault, seed) => {
        const base = 1000 + offset(task, fault, seed);
        // Regression: proposed a few ms slower in most pairs, faster in one: a lean, not a finding.
        const regression = seed === 3 ? -3 : 5;
        const proposed = task === "regression" ? base + regression : base;
        return { ttl_ms: pattern === "proposed" ? proposed : task === "regression" ? base : base + 4000 };
      }),
    );
    const v = verdict(m, "rq1");
    expect(v?.disagreeingTasks.map((d) => d.task)).toEqual(["regression"]);
    // A few ms either way over six pairs: within ±500 ms by the task's own (exploratory) TOST.
    expect(v?.disagreeingTasks[0].direction).toContain("by itself, exploratory, equivalent");
  });

  it("uses Mann-Whitney where trials do not pair", () => {
    const trials = matrix(
      ["classification"],
      ["release.model"],
      [1, 2, 3, 4, 5, 6],
      (task, pattern, fault, seed) => ({
        ttl_ms: (pattern === "proposed" ? 1000 : 9000) + offset(task, fault, seed),
      }),
    );
    // Proposed ran seeds 1-3, three-layer seeds 4-6: nothing pairs.
    const unpaired = trials.filter((t) => (t.pattern === "proposed") === t.seed <= 3);
    const c = comparison(build(unpaired), "ttl_ms");
    expect(c).toMatchObject({ design: "unpaired", pairs: 0, unmatched: 6, wilcoxon: null });
    expect(c.mannWhitney).toMatchObject({ u: 0, method: "exact" });
    expect(c.p).toBeCloseTo(0.1, 12); // exact two-sided: 2 / C(6, 3)
    expect(c.difference?.kind).toBe("unpaired");
    expect(c.minP).toBeCloseTo(0.1, 12);
    expect(c.canReach).toBe(false);
    expect(c.tost).toBeNull();
    expect(c.direction).toBe("inconclusive");
    expect(verdict(build(unpaired), "rq1")?.caveats.join(" ")).toContain(
      "Only 3 + 3 trials: a two-sided Mann-Whitney test cannot reach p < 0.05",
    );
  });

  it("gives both tests when most trials pair but some do not", () => {
    const trials = matrix(TASKS, FAULTS, SEEDS, faster);
    const c = comparison(build(trials.slice(1)), "ttl_ms");
    expect(c).toMatchObject({ design: "paired", pairs: 11, unmatched: 1 });
    expect(c.wilcoxon).not.toBeNull();
    expect(c.mannWhitney).not.toBeNull();
  });
});

describe("censored values", () => {
  it("rank a never-localized trial as worse than any time and say so", () => {
    const m = build(
      matrix(TASKS, FAULTS, SEEDS, (task, pattern, fault, seed) => ({
        ttl_ms: pattern === "three-layer" && seed !== 2 ? null : 1000 + offset(task, fault, seed),
      })),
    );
    const c = comparison(m, "ttl_ms");
    expect(c.censoredBaseline).toBe(8);
    expect(c.censoredCandidate).toBe(0);
    expect(c.pairsCensored).toBe(8);
    expect(c.centerBaseline).toBe("+inf");
    expect(c.difference?.estimate).toBe("-inf");
    expect(c.a12).toBeLessThan(0.5);
    const cell = m.analyses[0].rq1.rows.find(
      (r) => r.task === "classification" && r.faultKind === "trend",
    )?.cells;
    expect(cell?.["three-layer"].figures.ttl_ms).toMatchObject({ censored: 2, median: "+inf" });
    expect(JSON.stringify(m)).not.toContain("null,null,null"); // JSON-safe: no NaN/Infinity turned into null rows
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(verdict(m, "rq1")?.caveats.join(" ")).toContain(
      "never reached in 0 of 12 proposed and 8 of 12 three-layer",
    );
  });
});

describe("RQ2", () => {
  const trials: TrialSpec[] = [
    // Eight pairs: after Holm over the three RQ2 headline tests with a p, 2 / 2^8 x 3 < 0.05.
    ...matrix(TASKS, ["rq2:2014"], [1, 2, 3, 4], (task, pattern, _fault, seed) => ({
      kind: "rq2",
      ttd_ms: null,
      ttl_ms: null,
      ttr_ms: pattern === "proposed" ? 200 + seed * 10 + task.length : 20_000 + seed * 100 + task.length,
      restore_ms: pattern === "proposed" ? 150 + seed * 10 + task.length : 15_000 + seed * 100 + task.length,
      rollback_failed_requests: pattern === "proposed" ? 0 : 30 + seed,
      rollback_downtime_ms: pattern === "proposed" ? 0 : 9000,
      rollback_ok: true,
      collateral_units: pattern === "proposed" ? [] : ["logic"],
    })),
    // A fault trial with a rollback that failed (ttr null) and one with no rollback at all.
    {
      task: "classification",
      pattern: "proposed",
      fault: "release.model",
      seed: 9,
      rollback_ok: false,
      rollback_failed_requests: 3,
      rollback_downtime_ms: 100,
    },
    { task: "classification", pattern: "three-layer", fault: "release.model", seed: 9 },
  ];
  const m = build(trials);
  const rows = m.analyses[0].rq2.rows;

  it("takes the Section 5 drills for RQ2, and the fault trials where a rollback happened (and no other) for its incident table", () => {
    expect(rows.find((r) => r.task === "all" && r.faultKind === "rq2")?.cells.proposed.trials).toBe(8);
    expect(rows.some((r) => r.faultKind === "release")).toBe(false);
    const incident = m.analyses[0].rq2Incident?.rows ?? [];
    expect(incident.some((r) => r.faultKind === "rq2")).toBe(false);
    const release = incident.find((r) => r.task === "classification" && r.faultKind === "release")?.cells;
    expect(release?.proposed.trials).toBe(1);
    expect(release?.["three-layer"].trials).toBe(0);
    expect(release?.proposed.figures.ttr_ms).toMatchObject({ n: 1, censored: 1, median: "+inf" });
    expect(release?.proposed.figures.rollback_ok).toMatchObject({ rate: 0 });
  });

  it("takes RQ2 from rollbacks during incidents when the run has no drill, and says so", () => {
    const without = build(trials.filter((t) => t.kind !== "rq2"));
    expect(without.analyses[0].rq2Incident).toBeNull();
    expect(without.analyses[0].rq2.rows.some((r) => r.faultKind === "release")).toBe(true);
    expect(verdict(without, "rq2")?.caveats.join(" ")).toContain("This run has no Section 5 drill");
  });

  it("reports success and collateral rates", () => {
    const drill = rows.find((r) => r.task === "all" && r.faultKind === "rq2")?.cells;
    expect(drill?.proposed.figures.rollback_ok).toMatchObject({ rate: 1, count: 8 });
    expect(drill?.["three-layer"].figures.collateral).toMatchObject({ rate: 1 });
    expect(drill?.proposed.figures.collateral).toMatchObject({ rate: 0 });
  });

  it("calls the rollback verdict from time to restore, supported by failed requests", () => {
    const v = verdict(m, "rq2");
    expect(v?.direction).toBe("better");
    expect(v?.statement).toBe("proposed restores service faster than three-layer.");
    expect(v?.support_statement).toContain("fails fewer requests while rolling back");
    expect(v?.caveats.join(" ")).not.toContain("no Section 5 drill");
  });

  it("keeps RQ2 drills out of RQ1", () => {
    expect(m.analyses[0].rq1.rows.some((r) => r.faultKind === "rq2")).toBe(false);
  });
});

describe("counts and operators", () => {
  const finished = matrix(["classification"], ["release.model"], SEEDS, () => ({}));
  const m = build(finished, {
    unfinished: [
      { task: "regression", pattern: "proposed", fault: "trend.covariate", seed: 1, torn: true },
      { task: "regression", pattern: "three-layer", fault: "trend.covariate", seed: 1 },
    ],
    notStarted: [{ task: "regression", pattern: "proposed", fault: "trend.covariate", seed: 2 }],
  });

  it("never counts an unfinished trial and lists each with why", () => {
    expect(m.counts.planned).toBe(9);
    expect(m.counts.finished).toBe(6);
    expect(m.counts.unfinished.map((u) => [u.id, u.state])).toEqual([
      ["regression.proposed.trend-covariate.s1", "no summary"],
      ["regression.three-layer.trend-covariate.s1", "no summary"],
      ["regression.proposed.trend-covariate.s2", "not started"],
    ]);
    expect(m.trials.some((t) => t.task === "regression")).toBe(false);
    expect(m.analyses[0].rq1.rows.some((r) => r.task === "regression")).toBe(false);
    expect(verdict(m, "rq1")?.caveats.join(" ")).toContain(
      "3 planned trials did not finish and are not counted",
    );
  });

  it("keeps the manifest and flattens it into rows", () => {
    expect(m.manifest.runId).toBe("run");
    expect(m.manifestRows).toContainEqual(["cpu.model", "test cpu"]);
    expect(m.manifestRows).toContainEqual(["options.seeds", "1, 2, 3"]);
  });

  it("lists failed steps per trial", () => {
    const withFailure = build([
      {
        task: "classification",
        pattern: "proposed",
        fault: "release.model",
        seed: 1,
        failed_steps: ["rollback"],
      },
    ]);
    expect(withFailure.counts.failedSteps).toEqual([
      { id: "classification.proposed.release-model.s1", steps: ["rollback"] },
    ]);
  });

  it("analyses human drills apart from the runbook's trials", () => {
    const both = build([
      ...matrix(["classification"], ["release.model"], SEEDS, (task, pattern, fault, seed) => ({
        ttl_ms: (pattern === "proposed" ? 1000 : 3000) + offset(task, fault, seed),
      })),
      ...matrix(["classification"], ["release.model"], [1, 2], (task, pattern, fault, seed) => ({
        operator: "human",
        ttl_ms: (pattern === "proposed" ? 60_000 : 50_000) + offset(task, fault, seed),
      })),
    ]);
    expect(both.analyses.map((a) => [a.operator, a.trials])).toEqual([
      ["auto", 6],
      ["human", 4],
    ]);
    expect(comparison(both, "ttl_ms", "all", "all", "human").nCandidate).toBe(2);
    expect(comparison(both, "ttl_ms").nCandidate).toBe(3);
    expect(verdict(both, "rq1", "human")?.caveats.join(" ")).toContain("people in timed drills");
    expect(verdict(both, "rq1")?.caveats.join(" ")).toContain("reported separately");
  });
});
