import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clusterRows, pairTrials } from "./comparisons.ts";
import { extendedDifference } from "./extended.ts";
import { removeTmpRunDirs, tmpRunDir, writeRunDir } from "./fixture.ts";
import { build, find, matrix, RESAMPLES, spread, TASKS } from "./inference-matrix.ts";
import { measure } from "./measures.ts";
import { bootstrapPairedMedianDifference, clusterBootstrapMedianCI } from "./stats/index.ts";
import { figureSeed, intervalOf } from "./tables.ts";
import { writeReport } from "./write.ts";

afterAll(removeTmpRunDirs);

describe("intervals of pooled rows", () => {
  const trials = matrix((task, pattern, fault, seed) => ({
    ttl_ms:
      2000 + 50 * spread(task, fault, seed) + (pattern === "proposed" ? -40 * spread(task, fault, seed) : 0),
  }));
  const m = build(trials);

  it("resample tasks, then seeds: the interval is clusterBootstrapMedianCI on the same rows and seed", () => {
    const c = find(m, "ttl_ms");
    expect(c.difference?.resampling).toBe("task, seed");
    const mine = m.trials.filter((t) => t.kind === "rq1");
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    const base = mine.filter((t) => t.pattern === "three-layer");
    // Rows in the order pairs are made: candidates by id, each with its baseline of the same task, scenario and seed.
    const rows = mine
      .filter((t) => t.pattern === "proposed")
      .sort(byId)
      .map((p) => {
        const b = base.find((x) => x.task === p.task && x.scenario === p.scenario && x.seed === p.seed);
        return {
          cluster: p.task,
          subcluster: String(p.seed),
          d: extendedDifference(p.ttl_ms, b?.ttl_ms ?? null),
        };
      });
    const seed = figureSeed(["auto", "rq1", "all", "all", "ttl_ms", "difference"]);
    const expected = clusterBootstrapMedianCI(rows, { seed, resamples: RESAMPLES });
    expect(expected).not.toBeNull();
    const { kind: _k, statistic: _s, resampling: _r, ...interval } = c.difference ?? {};
    expect(interval).toEqual(intervalOf(expected as NonNullable<typeof expected>));
    // The helper the report uses makes the same rows.
    const { pairs } = pairTrials(
      base,
      mine.filter((t) => t.pattern === "proposed"),
    );
    expect(clusterRows(pairs, measure("ttl_ms"), "auto")).toEqual(rows);
  });

  it("keep the plain paired bootstrap for a task's own rows, and cluster the pooled rows of one fault kind", () => {
    const own = find(m, "ttl_ms", "classification");
    expect(own.difference?.resampling).toBe("pairs");
    const cand = m.trials.filter((t) => t.task === "classification" && t.pattern === "proposed");
    const base = m.trials.filter((t) => t.task === "classification" && t.pattern === "three-layer");
    const { pairs } = pairTrials(base, cand);
    const ci = bootstrapPairedMedianDifference(
      pairs.map(([, c]) => c.ttl_ms as number),
      pairs.map(([b]) => b.ttl_ms as number),
      {
        seed: figureSeed(["auto", "rq1", "classification", "all", "ttl_ms", "difference"]),
        resamples: RESAMPLES,
      },
    );
    expect(own.difference).toMatchObject({ estimate: ci.estimate, low: ci.low, high: ci.high });
    expect(find(m, "ttl_ms", "all", "trend").difference?.resampling).toBe("task, seed");
    expect(find(m, "ac1").difference?.resampling).toBe("pairs"); // a rate: the difference in rates
    expect(m.method.intervals).toContain("two-stage cluster bootstrap");
  });
});

describe("the instrument's resolution", () => {
  it("states the largest clock uncertainty and each pattern's largest alert delivery p95", async () => {
    const dir = writeRunDir(tmpRunDir(), {
      trials: matrix((task, pattern, fault, seed) => ({
        clock_uncertainty_ms: 0.4 + spread(task, fault, seed) / 10, // up to 1.6 ms
        alert_delivery_p95_ms: (pattern === "proposed" ? 10 : 30) + seed,
      })),
    });
    const { model: m } = await writeReport(dir, { resamples: RESAMPLES });
    expect(m.resolution.clockMs).toBeCloseTo(1.6, 12);
    expect(m.resolution.deliveryP95Ms).toEqual({ "three-layer": 33, proposed: 13 });
    const sentence =
      "Differences under 2 ms are below the instrument's resolution (units' clocks known to ±2 ms; alert delivery p95 33 ms three-layer, 13 ms proposed).";
    expect(fs.readFileSync(path.join(dir, "report.md"), "utf8")).toContain(sentence);
    expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).toContain(sentence);
  });
});

describe("RQ2's trials", () => {
  it("count a release fault never rolled back as a restore that was never reached, and leave out a trend fault", () => {
    const m = build([
      ...matrix(
        (task, pattern, _fault, seed) =>
          pattern === "proposed"
            ? { restore_ms: 200 + seed + task.length, ttr_ms: 400 + seed, rollback_ok: true }
            : // What the scorer writes for a release fault with no rollback at all.
              { restore_ms: null, ttr_ms: null, rollback_ok: false },
        TASKS,
        ["release.model"],
      ),
      ...matrix(() => ({ rollback_ok: null, ttr_ms: null }), TASKS, ["trend.covariate"]),
    ]);
    const c = find(m, "restore_ms");
    expect(c).toMatchObject({ nBaseline: 6, nCandidate: 6, censoredBaseline: 6, pairs: 6, usable: 6 });
    expect(c.centerBaseline).toBe("+inf");
    expect(c.difference?.estimate).toBe("-inf");
    expect(m.analyses[0].rq2.rows.some((r) => r.faultKind === "trend")).toBe(false);
    const all = m.analyses[0].rq2.rows.find((r) => r.task === "all" && r.faultKind === "all");
    expect(all?.cells["three-layer"].figures.rollback_ok).toMatchObject({ n: 6, rate: 0 });
  });
});
