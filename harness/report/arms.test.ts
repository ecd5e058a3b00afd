import { afterAll, describe, expect, it } from "vitest";
import { ARMS } from "../experiment/arms.ts";
import { contrastsView } from "./arm-views.ts";
import { removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildReportModel } from "./model.ts";

afterAll(removeTmpRunDirs);

const arm = (name: string) => ARMS.find((a) => a.name === name) as (typeof ARMS)[number];

/**
 * Every catalog arm on two tasks x one fault x four seeds, time to localize made of two parts: the
 * monitoring (app 4 s, distributed 1 s) and the pattern (three-layer +500 ms); blue-green changes
 * restore time only. So the monitoring contrast carries -3 s, the split -500 ms, the deploy strategy 0.
 */
function allArms(): TrialSpec[] {
  return ["classification", "regression"].flatMap((task) =>
    [1, 2, 3, 4].flatMap((seed) =>
      ARMS.map((a) => ({
        task,
        pattern: a.pattern,
        arm: a.name,
        observability: a.observability,
        deploy: a.deploy,
        fault: "release.model",
        seed,
        ttl_ms:
          (a.observability === "app" ? 4000 : 1000) + (a.pattern === "three-layer" ? 500 : 0) + seed * 10,
        restore_ms: (a.deploy === "blue-green" || a.pattern !== "three-layer" ? 20 : 2000) + seed,
        ttr_ms: 5000,
        rollback_ok: true,
      })),
    ),
  );
}

describe("a run of several arms", () => {
  const model = buildReportModel(writeRunDir(tmpRunDir(), { trials: allArms() }), { resamples: 300 });
  const auto = model.analyses[0];
  const contrast = (label: RegExp, key: string) =>
    auto.contrasts.find((c) => label.test(c.label))?.comparisons.find((x) => x.measure === key);

  it("compares the declared baseline and treatment arms, and lists every arm with its factors", () => {
    expect(model.patterns).toEqual({ baseline: "three-layer", candidate: "proposed" });
    expect(model.arms.map((a) => a.name)).toEqual([
      "three-layer",
      "proposed",
      "gateway",
      "three-layer+blue-green",
      "three-layer+distributed",
    ]);
    expect(model.arms[3]).toMatchObject({
      pattern: "three-layer",
      observability: "app",
      deploy: "blue-green",
      trials: 8,
    });
    expect(model.arms[3].role).toBe(arm("three-layer+blue-green").role);
  });

  it("attributes the difference to the factor each contrast changes", () => {
    expect(contrast(/^monitoring/, "ttl_ms")?.difference?.estimate).toBe(-3000);
    expect(contrast(/^split/, "ttl_ms")?.difference?.estimate).toBe(-500);
    expect(contrast(/^deploy strategy/, "ttl_ms")?.difference?.estimate).toBe(0);
    expect(contrast(/^deploy strategy/, "restore_ms")?.difference?.estimate).toBe(-1980);
    expect(contrast(/^monitoring/, "restore_ms")?.difference?.estimate).toBe(0);
  });

  it("compares each other arm with the baseline, and renders the contrasts per RQ", () => {
    const vsBaseline = auto.contrasts.filter((c) => c.factor === null).map((c) => c.to);
    expect(vsBaseline.sort()).toEqual(["gateway", "three-layer+blue-green", "three-layer+distributed"]);
    for (const c of auto.contrasts) expect(c.comparisons.every((x) => x.family === "headline")).toBe(true);
    const rq2 = contrastsView(auto, "rq2");
    expect(rq2.rows.some((r) => r[0] === "deploy strategy" && r[3] === "time to restore")).toBe(true);
    expect(renderMarkdown(model)).toContain("## Arms against the baseline, and attribution");
  });
});

describe("a run from before arms", () => {
  it("names each arm by its pattern and compares them, with no contrasts", () => {
    const trials = allArms()
      .filter((t) => t.arm === "three-layer+distributed" || t.arm === "proposed")
      .map(({ arm: _arm, ...t }) => t);
    const model = buildReportModel(writeRunDir(tmpRunDir(), { trials }), { resamples: 200 });
    expect(model.patterns).toEqual({ baseline: "three-layer", candidate: "proposed" });
    expect(model.arms.map((a) => [a.name, a.observability])).toEqual([
      ["three-layer", "distributed"],
      ["proposed", "distributed"],
    ]);
    expect(model.analyses[0].contrasts).toEqual([]);
  });

  it("compares the one arm of each compared pattern when the catalog's names did not run", () => {
    const trials = allArms().filter((t) => t.arm === "three-layer+distributed" || t.arm === "proposed");
    const model = buildReportModel(writeRunDir(tmpRunDir(), { trials }), { resamples: 200 });
    expect(model.patterns).toEqual({ baseline: "three-layer+distributed", candidate: "proposed" });
  });
});

describe("comparing two runs", () => {
  it("does not compare an arm's figures when the runs define it differently", async () => {
    const { compareRuns } = await import("./compare-runs.ts");
    const trials = allArms().filter((t) => t.arm === "three-layer" || t.arm === "proposed");
    const a = writeRunDir(tmpRunDir(), { trials });
    // The same name for another arm: a run from before arms, whose three-layer watched every flow.
    const before = trials.map(({ arm: _arm, ...t }) => ({
      ...t,
      observability: "distributed" as const,
    }));
    const b = writeRunDir(tmpRunDir(), { trials: before });
    const r = await compareRuns(a, b, { resamples: 100 });
    expect(r.armsDiffer).toEqual([
      { name: "three-layer", a: "three-layer/app/restart", b: "three-layer/distributed/restart" },
    ]);
    const ofArm = r.figures.filter((f) => f.pattern === "three-layer" && f.a && f.b);
    expect(ofArm.length).toBeGreaterThan(0);
    expect(
      ofArm.every((f) => f.outside === null && /is three-layer\/app\/restart in a/.test(f.reason ?? "")),
    ).toBe(true);
  });
});
