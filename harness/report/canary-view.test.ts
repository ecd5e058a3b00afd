import { afterAll, describe, expect, it } from "vitest";
import { canaryView } from "./canary-view.ts";
import { removeTmpRunDirs, type TrialSpec, tmpRunDir, writeRunDir } from "./fixture.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildReportModel } from "./model.ts";

afterAll(removeTmpRunDirs);

/** Four release trials per arm: three-layer deploys; proposed's judge stops three of four canaries. */
function trials(): TrialSpec[] {
  return [1, 2, 3, 4].flatMap((seed) => [
    {
      task: "classification",
      pattern: "three-layer",
      arm: "three-layer",
      observability: "app",
      fault: "release.model",
      seed,
      rollback_ok: true,
    },
    {
      task: "classification",
      pattern: "proposed",
      arm: "proposed",
      fault: "release.model",
      seed,
      rollback_ok: seed === 4 ? true : null,
      system_rollback: seed !== 4,
      system_rollback_ms: seed === 4 ? null : 1000 * seed,
      system_rollback_requests: seed === 4 ? null : 30 * seed,
      canary_answers: 10 * seed,
    },
  ]);
}

describe("the report's releases stopped by comparative evaluation", () => {
  const model = buildReportModel(writeRunDir(tmpRunDir(), { trials: trials() }), { resamples: 200 });

  it("counts per arm the canaries its judge stopped, with the medians of the stopped ones", () => {
    const t = canaryView(model, "auto");
    expect(t?.rows).toEqual([["proposed", "4", "3 (75%)", "2.00 s", "60", "25"]]);
  });

  it("is in the markdown report only when some arm released by canary", () => {
    expect(renderMarkdown(model)).toContain("### Releases stopped by comparative evaluation");
    const none = buildReportModel(
      writeRunDir(tmpRunDir(), { trials: trials().map((t) => ({ ...t, system_rollback: null })) }),
      { resamples: 200 },
    );
    expect(canaryView(none, "auto")).toBeNull();
    expect(renderMarkdown(none)).not.toContain("stopped by comparative evaluation");
  });
});
