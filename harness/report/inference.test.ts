import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { removeTmpRunDirs, tmpRunDir, writeRunDir } from "./fixture.ts";
import { build, find, matrix, RESAMPLES, spread, TASKS } from "./inference-matrix.ts";
import { buildReportModel } from "./model.ts";
import { holm } from "./stats/index.ts";
import { writeReport } from "./write.ts";

afterAll(removeTmpRunDirs);

describe("Holm over the headline family", () => {
  // RQ1's headline family, pooled over 12 pairs:
  //   ttl_ms: proposed faster in all 12 pairs          -> Wilcoxon p = 2 / 2^12
  //   ac1: proposed right in 5 pairs three-layer missed -> 5 tied +1 differences, p = 2 / 2^5
  //   ttd_ms: proposed 1 s faster in the 6 classification pairs, equal in the rest -> p = 2 / 2^6
  //   ttd_requests: equal everywhere                    -> p = 1
  //   time_to_action_ms: never recorded on either side  -> no data, no test
  const m = build(
    matrix((task, pattern, fault, seed) => {
      const proposed = pattern === "proposed";
      const missed = !proposed && task === "classification" && !(fault === "trend.covariate" && seed === 1);
      return {
        ttl_ms: (proposed ? 1000 : 5000) + 10 * spread(task, fault, seed),
        ac1: missed ? 0 : 1,
        ttd_ms: proposed && task === "classification" ? 1000 : 2000,
      };
    }),
  );

  it("adjusts the p's of the pooled rows within the family, as holm() does, and leaves exploratory rows raw", () => {
    const raw = ["ttl_ms", "ac1", "ttd_ms", "ttd_requests"].map((k) => find(m, k).p);
    expect(raw[0]).toBeCloseTo(2 / 4096, 15);
    expect(raw[1]).toBeCloseTo(2 / 32, 15);
    expect(raw[2]).toBeCloseTo(2 / 64, 15);
    expect(raw[3]).toBe(1);
    const adjusted = ["ttl_ms", "ac1", "ttd_ms", "ttd_requests"].map((k) => find(m, k).pHolm);
    // Sorted: 2/4096 x 4, 2/64 x 3, 2/32 x 2, 1 x 1 (running maximum).
    expect(adjusted[0]).toBeCloseTo(8 / 4096, 15);
    expect(adjusted[1]).toBeCloseTo(0.125, 15);
    expect(adjusted[2]).toBeCloseTo(0.09375, 15);
    expect(adjusted[3]).toBe(1);
    expect(adjusted).toEqual(holm(raw as number[]));
    expect(find(m, "time_to_action_ms")).toMatchObject({ family: "headline", p: null, pHolm: null });
    const perTask = find(m, "ttd_ms", "classification");
    expect(perTask).toMatchObject({ family: "exploratory", pHolm: null });
    expect(m.analyses[0].comparisons.filter((c) => c.family === "headline").map((c) => c.measure)).toEqual([
      "ttl_ms",
      "ac1",
      "ttd_ms",
      "ttd_requests",
      "time_to_action_ms",
    ]);
  });

  it("calls a headline row by its adjusted p: raw p = 0.031 is not enough once adjusted to 0.094", () => {
    expect(find(m, "ttl_ms").direction).toBe("better");
    expect(find(m, "ttd_ms").direction).toBe("inconclusive");
    // The same row per task is exploratory: six pairs, raw p 2/64, and a 1 s difference outside the margin.
    expect(find(m, "ttd_ms", "classification")).toMatchObject({ direction: "better" });
    expect(find(m, "ttd_ms", "classification").p).toBeCloseTo(2 / 64, 15);
    const rq1 = m.analyses[0].verdicts[0];
    expect(rq1.evidence).toContain("Holm-adjusted over 4 headline tests p = 0.002");
  });

  it("prints the adjusted p in the headline table and the raw p in the exploratory one, saying so", async () => {
    const dir = writeRunDir(tmpRunDir(), {
      trials: matrix((task, pattern, fault, seed) => ({
        ttl_ms: (pattern === "proposed" ? 1000 : 5000) + 10 * spread(task, fault, seed),
      })),
    });
    await writeReport(dir, { resamples: RESAMPLES });
    const md = fs.readFileSync(path.join(dir, "report.md"), "utf8");
    expect(md).toContain("| p (Holm) |");
    expect(md).toContain("| p (raw, exploratory) |");
    expect(md).toContain("Exploratory: not corrected for multiplicity.");
    const rows = parse(fs.readFileSync(path.join(dir, "comparisons.csv"), "utf8"), {
      columns: true,
    }) as Record<string, string>[];
    const headline = rows.find((r) => r.measure === "ttl_ms" && r.task === "all" && r.fault_kind === "all");
    expect(headline).toMatchObject({ family: "headline", can_reach: "true" });
    // Four tests with a p: ttl_ms, and ac1, ttd_ms, ttd_requests (equal everywhere: p = 1).
    expect(Number(headline?.p_holm)).toBeCloseTo(Number(headline?.p) * 4, 15);
    const exploratory = rows.find(
      (r) => r.measure === "ttl_ms" && r.task === "regression" && r.fault_kind === "all",
    );
    expect(exploratory).toMatchObject({ family: "exploratory", p_holm: "" });
  });
});

describe("a cell where neither pattern ever reached the event", () => {
  // Nothing was ever detected in regression's trend trials, under either pattern.
  const trials = matrix((task, pattern, fault, seed) => ({
    ttd_ms: task === "regression" && fault === "trend.covariate" ? null : 2000 + spread(task, fault, seed),
    ttl_ms: (pattern === "proposed" ? 1000 : 3000) + spread(task, fault, seed),
  }));

  it("has no data: no difference, no p, no interval (not a difference of 0 in [0, 0])", () => {
    const c = find(build(trials), "ttd_ms", "regression", "trend");
    expect(c).toMatchObject({
      pairs: 3,
      pairsCensored: 3,
      usable: 0,
      difference: null,
      p: null,
      minP: null,
      canReach: false,
      tost: null,
      a12: null,
      direction: "no data",
    });
  });

  it("leaves those pairs out of the pooled interval and test", () => {
    const m = build(trials);
    const pooled = find(m, "ttd_ms");
    expect(pooled).toMatchObject({ pairs: 12, pairsCensored: 3, usable: 9 });
    expect(pooled.wilcoxon?.n).toBe(0); // the other nine pairs are equal
    expect(pooled.difference).toMatchObject({ estimate: 0, low: 0, high: 0 });
  });

  it('renders "no data" in report.md, report.html and comparisons.csv', async () => {
    const dir = writeRunDir(tmpRunDir(), { trials });
    await writeReport(dir, { resamples: RESAMPLES });
    const md = fs.readFileSync(path.join(dir, "report.md"), "utf8");
    const line = md.split("\n").find((l) => l.startsWith("| RQ1 | time to detect | regression | trend |"));
    expect(line).toContain("| no data | no data |");
    expect(line).toMatch(/\| no data \|$/);
    expect(line).not.toContain("[0 ms, 0 ms]");
    expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).toContain("<td>no data</td>");
    const rows = parse(fs.readFileSync(path.join(dir, "comparisons.csv"), "utf8"), {
      columns: true,
    }) as Record<string, string>[];
    const row = rows.find(
      (r) => r.measure === "ttd_ms" && r.task === "regression" && r.fault_kind === "trend",
    );
    expect(row).toMatchObject({
      direction: "no data",
      difference: "",
      ci_low: "",
      ci_high: "",
      p: "",
      usable: "0",
    });
  });

  it("says no data for a measure no journal recorded (old runs), and leaves it empty in trials.csv", async () => {
    const old = matrix(
      (task, pattern, fault, seed) => ({
        ttl_ms: (pattern === "proposed" ? 1000 : 3000) + spread(task, fault, seed),
        ttr_ms: pattern === "proposed" ? 300 + seed : 9000 + seed,
        rollback_ok: true,
        legacy: true,
      }),
      TASKS,
      ["release.model"],
    );
    const dir = writeRunDir(tmpRunDir(), { trials: old });
    const { model: m } = await writeReport(dir, { resamples: RESAMPLES });
    expect(m.trials[0].unmeasured).toContain("restore_ms");
    expect(m.trials[0].unmeasured).toContain("surface_calls");
    for (const key of ["restore_ms", "verify_ms", "incident_failed_requests", "time_to_action_ms"])
      expect(find(m, key)).toMatchObject({ nBaseline: 0, nCandidate: 0, usable: 0, direction: "no data" });
    expect(find(m, "ttr_ms").direction).not.toBe("no data");
    const rq2 = m.analyses[0].verdicts[1];
    expect(rq2.direction).toBe("no data");
    expect(rq2.statement).toContain("No answer: no data.");
    const all = m.analyses[0].rq1.rows.find((r) => r.task === "all" && r.faultKind === "all");
    expect(all?.cells.proposed.figures.surface_calls).toMatchObject({ n: 0, median: null });
    const rows = parse(fs.readFileSync(path.join(dir, "trials.csv"), "utf8"), {
      columns: true,
    }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      surface_calls: "",
      restore_ms: "",
      ttl_ms: expect.stringMatching(/^\d+$/),
    });
    expect(rows[0].unmeasured.split(";")).toContain("clock_uncertainty_ms");
    expect(fs.readFileSync(path.join(dir, "report.md"), "utf8")).toContain(
      "The journals did not record the instrument's resolution",
    );
  });
});

describe("the smallest attainable p", () => {
  const three = matrix(
    (_task, pattern, _fault, seed) => ({ ttl_ms: (pattern === "proposed" ? 1000 : 9000) + seed }),
    ["classification"],
    ["release.model"],
  );

  it("marks a row of 3 pairs as unable to reach p < 0.05, whatever its data", async () => {
    const dir = writeRunDir(tmpRunDir(), { trials: three });
    const { model: m } = await writeReport(dir, { resamples: RESAMPLES });
    const c = find(m, "ttl_ms");
    expect(c).toMatchObject({ pairs: 3, minP: 0.25, canReach: false, direction: "inconclusive" });
    expect(c.p).toBe(0.25); // all three pairs one way: the smallest p there is
    const md = fs.readFileSync(path.join(dir, "report.md"), "utf8");
    const line = md
      .split("\n")
      .find((l) => l.startsWith("| RQ1 | time to localize | all tasks | all kinds |"));
    expect(line).toContain("† cannot reach p < 0.05 with 3 non-tied pairs (smallest attainable p 0.250)");
    expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).toContain(
      "† cannot reach p &lt; 0.05 with 3 non-tied pairs",
    );
    const rows = parse(fs.readFileSync(path.join(dir, "comparisons.csv"), "utf8"), {
      columns: true,
    }) as Record<string, string>[];
    expect(
      rows.find((r) => r.measure === "ttl_ms" && r.task === "all" && r.fault_kind === "all"),
    ).toMatchObject({
      min_p: "0.25",
      can_reach: "false",
    });
    expect(m.analyses[0].verdicts[0].caveats.join(" ")).toContain(
      "Only 3 non-tied pairs: a two-sided signed-rank test cannot reach p < 0.05 with fewer than 6",
    );
  });
});

describe("equivalence", () => {
  // Every difference within ±50 ms, both signs, over 12 pairs.
  const within = matrix((task, pattern, fault, seed) => {
    const k = spread(task, fault, seed); // 1..12
    const d = (k % 2 ? 1 : -1) * (4 * k + 2); // ±6 .. ±50
    return { ttl_ms: 3000 + 100 * k + (pattern === "proposed" ? d : 0) };
  });

  it("calls the patterns equivalent within ±500 ms when every difference is within ±50 ms over 12 pairs", () => {
    const m = build(within);
    const c = find(m, "ttl_ms");
    expect(c.pairs).toBe(12);
    expect(c.p).toBeGreaterThan(0.05);
    // Each one-sided test: all 12 shifted differences on its side, p = 1 / 2^12. Holm over the three
    // equivalence tests of the family (ttl_ms, ttd_ms, ttd_requests; AC@1 is a rate, time to action has no data).
    expect(c.tost).toEqual({ margin: 500, n: 12, p: 1 / 4096, pHolm: 3 / 4096 });
    expect(c.difference?.low).toBeGreaterThan(-50);
    expect(c.difference?.high).toBeLessThan(50);
    expect(c.direction).toBe("equivalent");
    expect(find(m, "ac1").tost).toBeNull();
    const v = m.analyses[0].verdicts[0];
    expect(v.direction).toBe("equivalent");
    expect(v.heading).toBe("RQ1 (localize failures): proposed equivalent");
    expect(v.statement).toBe(
      "proposed and three-layer are equivalent in time to localize: equivalent within ±500 ms.",
    );
    expect(v.support_statement).toContain("no equivalence test for rates");
  });

  it("takes the margins the run's manifest declares, and says where they came from", () => {
    const manifest = { runId: "run", options: { margins: { ttl_ms: 20 } } };
    const m = build(within, manifest);
    expect(m.method.marginsSource).toBe("manifest");
    expect(m.method.margins).toEqual({ ttl_ms: 20 });
    expect(find(m, "ttl_ms").tost?.margin).toBe(20);
    expect(find(m, "ttl_ms").direction).toBe("inconclusive");
    expect(find(m, "ttd_ms").tost).toBeNull();
    expect(build(within).method.marginsSource).toBe("default");
  });

  it("refuses a manifest whose margins are not positive numbers, naming the file", () => {
    const dir = writeRunDir(tmpRunDir(), {
      trials: within,
      manifest: { runId: "run", options: { margins: { ttl_ms: -1 } } },
    });
    expect(() => buildReportModel(dir)).toThrow(/manifest\.json: options\.margins\.ttl_ms/);
  });
});
