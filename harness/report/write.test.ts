import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserMissing } from "../testing/browser.ts";
import { removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";
import { inReport } from "./open-report.ts";
import type { ReportModel } from "./types.ts";
import { REPORT_FILES, writeReport } from "./write.ts";

afterAll(removeTmpRunDirs);

/** Two tasks, a trend and a release fault, two seeds, both patterns; the release faults roll back. */
const trials: TrialSpec[] = ["classification", "regression"].flatMap((task) =>
  ["trend.covariate", "release.model"].flatMap((fault) =>
    [1, 2].flatMap((seed) =>
      ["three-layer", "proposed"].map((pattern) => {
        const p = pattern === "proposed";
        const release = fault.startsWith("release");
        return {
          task,
          pattern,
          fault,
          seed,
          ttl_ms: (p ? 2000 : 4500) + seed * 100 + task.length,
          ttd_ms: seed === 2 && !p ? null : 900 + seed * 10,
          ttr_ms: release ? (p ? 300 : 9000) + seed : null,
          restore_ms: release ? (p ? 200 : 8000) + seed : null,
          rollback_ok: release ? true : null,
          rollback_failed_requests: release ? (p ? 0 : 12) : null,
          rollback_downtime_ms: release ? (p ? 0 : 7000) : null,
        };
      }),
    ),
  ),
);

describe("writeReport", () => {
  const dir = writeRunDir(tmpRunDir(), {
    trials,
    unfinished: [{ task: "regression", pattern: "proposed", fault: "release.model", seed: 3, torn: true }],
  });
  let files: string[] = [];
  let model: ReportModel;
  beforeAll(async () => {
    ({ files, model } = await writeReport(dir, { resamples: 300 }));
  });

  it("writes the model and every rendering into the run directory", () => {
    expect(files).toEqual(REPORT_FILES.map((f) => path.join(dir, f)));
    expect(JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"))).toEqual(model);
    const md = fs.readFileSync(path.join(dir, "report.md"), "utf8");
    expect(md).toContain("## RQ1: time to detect and localize");
    expect(md).toContain("## RQ2: rollback");
    expect(md).toContain("### RQ1 (localize failures): proposed better");
    expect(md).toContain("regression.proposed.release-model.s3 | no summary");
    expect(md).toContain("Censored values: A trial where the measured event never happened");
  });

  it("makes report.html self-contained, its charts SVG rendered from Vega-Lite", () => {
    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(\s*["']?https?:/i);
    expect(html.match(/<svg[\s>]/g)?.length).toBe(3);
    expect(html).toContain('class="marks"'); // vega's SVG renderer marks its root
  });

  it.skipIf(browserMissing)(
    "renders report.html in Chromium without console errors or failed requests, with the RQ tables and charts",
    async () => {
      const problems = await inReport(dir, async (page) => {
        expect(await page.locator("#rq1-auto tbody tr").count()).toBe(9);
        expect(await page.locator("#rq2-auto tbody tr").count()).toBe(6);
        await expect(page.locator("#rq1-auto th").nth(2).textContent()).resolves.toBe("n three-layer");
        expect(await page.locator("figure svg").count()).toBeGreaterThanOrEqual(2);
        const box = await page.locator("figure svg").first().boundingBox();
        expect(box?.width).toBeGreaterThan(100);
        expect(await page.locator("#verdict-auto-rq1 .statement").textContent()).toBe(
          "proposed localizes faults faster than three-layer.",
        );
        // Four pairs cannot reach p < 0.05, and the report says so rather than calling a winner.
        expect(await page.locator("#verdict-auto-rq2 .statement").textContent()).toBe(
          "Inconclusive: no difference in time to restore between proposed and three-layer could be shown, nor equivalence within ±500 ms.",
        );
        expect(await page.locator("#verdict-auto-rq2 li").allTextContents()).toContainEqual(
          expect.stringContaining("Only 4 non-tied pairs"),
        );
      });
      expect(problems).toEqual([]);
    },
  );
});
