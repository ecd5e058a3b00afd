import { afterAll, describe, expect, it } from "vitest";
import { compareRuns, compareText } from "./compare-runs.ts";
import { removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";

afterAll(removeTmpRunDirs);

function trials(shift: (t: TrialSpec) => number): TrialSpec[] {
  return ["classification", "regression"].flatMap((task) =>
    ["trend.covariate", "release.model"].flatMap((fault) =>
      [1, 2, 3, 4].flatMap((seed) =>
        ["three-layer", "proposed"].map((pattern) => {
          const t: TrialSpec = { task, pattern, fault, seed };
          const base =
            (pattern === "proposed" ? 2000 : 5000) + seed * 97 + task.length * 13 + fault.length * 7;
          return { ...t, ttl_ms: base * shift(t), ttd_ms: 800 + seed * 10 };
        }),
      ),
    ),
  );
}

const options = { resamples: 400 };
const a = writeRunDir(tmpRunDir("a"), { trials: trials(() => 1) });
const same = writeRunDir(tmpRunDir("same"), { trials: trials(() => 1) });
const shifted = writeRunDir(tmpRunDir("shifted"), {
  trials: trials((t) =>
    t.task === "classification" && t.fault === "release.model" && t.pattern === "proposed" ? 3 : 1,
  ),
});
const flipped = writeRunDir(tmpRunDir("flipped"), {
  trials: trials((t) => (t.pattern === "proposed" ? 3 : 1)),
});

describe("compareRuns", () => {
  it("flags no figure when a run is compared with an identical one", async () => {
    const r = await compareRuns(a, same, options);
    expect(r.figures.length).toBeGreaterThan(20);
    expect(r.outside).toEqual([]);
    expect(r.notComparable).toBe(0);
    expect(r.verdicts.every((v) => v.agree)).toBe(true);
    expect(compareText(r)).toContain("checked against a's 95% bootstrap CIs: 0 outside.");
  });

  it("flags the shifted figures and only figures that hold shifted trials", async () => {
    const r = await compareRuns(a, shifted, options);
    const names = r.outside.map((f) => `${f.task}/${f.faultKind}/${f.pattern}/${f.measure}`);
    expect(names).toContain("classification/release/proposed/ttl_ms");
    for (const f of r.outside) {
      expect(f.pattern).toBe("proposed");
      expect(f.measure).toBe("ttl_ms");
      expect(["classification", "all"]).toContain(f.task);
      expect(["release", "all"]).toContain(f.faultKind);
    }
    expect(names).not.toContain("regression/trend/proposed/ttl_ms");
    expect(compareText(r)).toMatch(
      /auto RQ1 classification \/ release proposed time to localize: b \d+\.\d+ s \(n 4\) outside a's \[/,
    );
  });

  it("does not compare pooled figures of runs that pool different tasks, only the shared cells", async () => {
    const oneTask = writeRunDir(tmpRunDir("one-task"), {
      trials: trials(() => 1).filter((t) => t.task === "classification"),
    });
    const r = await compareRuns(a, oneTask, options);
    const pooledAll = r.figures.filter((f) => f.task === "all");
    expect(pooledAll.length).toBeGreaterThan(0);
    for (const f of pooledAll) {
      expect(f.outside).toBeNull();
      expect(f.reason).toMatch(/a pools \/release, \/trend|a pools classification\/.*regression/);
    }
    // The classification figures are the same trials: compared, none outside.
    const own = r.figures.filter((f) => f.task === "classification");
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((f) => f.outside === false)).toBe(true);
  });

  it("reports whether the verdicts of the two runs agree", async () => {
    const r = await compareRuns(a, flipped, options);
    const rq1 = r.verdicts.find((v) => v.rq === "rq1");
    expect(rq1).toMatchObject({
      operator: "auto",
      a: "better",
      b: "worse",
      agree: false,
      agreement: "opposite",
    });
    expect(compareText(r)).toContain("auto RQ1: a better, b worse: DISAGREE: opposite directions");
    // Neither run has RQ2 data: the same word.
    expect(r.verdicts.find((v) => v.rq === "rq2")).toMatchObject({
      a: "no data",
      b: "no data",
      agreement: "agree",
    });
  });
});

describe("compareRuns on request-counted figures", () => {
  it("flags a request count that differs for one trial id, and checks it by equality rather than an interval", async () => {
    const one = "regression.proposed.trend-covariate.s3";
    const b = writeRunDir(tmpRunDir("one-count"), {
      trials: trials(() => 1).map((t) =>
        `${t.task}.${t.pattern}.${t.fault.replace(".", "-")}.s${t.seed}` === one
          ? { ...t, ttd_requests: 41 }
          : t,
      ),
    });
    const r = await compareRuns(a, b, options);
    // 32 trials in both runs, seven request-counted measures each.
    expect(r.requestCounts).toMatchObject({ checked: 224, notMeasured: 0, onlyA: [], onlyB: [] });
    expect(r.requestCounts.measures).toEqual([
      "ttd_requests",
      "onset_error",
      "rollback_failed_requests",
      "rollback_wrong_answers",
      "contract_breaks",
      "incident_failed_requests",
      "incident_wrong_answers",
    ]);
    expect(r.requestCounts.differ).toEqual([{ id: one, measure: "ttd_requests", a: 40, b: 41 }]);
    // A one-request change moves no median out of an interval; the interval check no longer holds request counts.
    expect(r.figures.some((f) => f.measure === "ttd_requests")).toBe(false);
    const text = compareText(r);
    expect(text).toContain("1 of 224 request-counted figures differ.");
    expect(text).toContain(`  ${one} time to detect (requests): a 40, b 41`);
    expect((await compareRuns(a, same, options)).requestCounts.differ).toEqual([]);
    expect(compareText(await compareRuns(a, same, options))).toContain(
      "0 of 224 request-counted figures differ.",
    );
  });

  it("does not compare a count a run's journals predate, nor a trial only one run finished", async () => {
    const old = writeRunDir(tmpRunDir("old"), {
      trials: trials(() => 1)
        .filter((t) => t.seed !== 4)
        .map((t) => ({ ...t, legacy: true })),
    });
    const r = await compareRuns(a, old, options);
    // ttd_requests is as old as the journal; the incident and Section 5 counts and the onset are not.
    expect(r.requestCounts).toMatchObject({ checked: 48, notMeasured: 120 });
    expect(r.requestCounts.onlyA).toHaveLength(8);
    expect(compareText(r)).toContain("120 figures not compared: one run's journal predates the field.");
    expect(compareText(r)).toContain("8 trials finished in only one run, not compared:");
  });
});

describe("compareRuns on thin data", () => {
  it("does not hold a figure against an interval of a single trial, and says why", async () => {
    const one = (ttl: number): TrialSpec[] =>
      ["three-layer", "proposed"].map((pattern) => ({
        task: "classification",
        pattern,
        fault: "release.model",
        seed: 1,
        ttl_ms: ttl,
      }));
    const r = await compareRuns(
      writeRunDir(tmpRunDir("one-a"), { trials: one(1000) }),
      writeRunDir(tmpRunDir("one-b"), { trials: one(9000) }),
      options,
    );
    expect(r.outside).toEqual([]);
    expect(r.notComparable).toBe(r.figures.length);
    expect(compareText(r)).toContain("a has a single trial here: its median has no interval");
  });

  it("warns when a flagged figure rests on fewer than five trials in a", async () => {
    const r = await compareRuns(a, shifted, options);
    expect(compareText(r)).toMatch(/flagged figures? rests? on fewer than 5 trials in a/);
  });
});
