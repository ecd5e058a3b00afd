import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../systems/kit/protocol/index.ts";
import { summaryOf } from "../report/fixture.ts";
import { Progress } from "./progress.ts";

const summary = (over: Partial<Summary>): Summary =>
  summaryOf({
    task: "classification",
    pattern: "proposed",
    fault: "release.model",
    seed: 1,
    ttd_ms: 2163.2,
    ttl_ms: 2233.8,
    ttr_ms: 1501.7,
    restore_ms: 1450.2,
    verify_ms: 51.5,
    rollback_failed_requests: 0,
    rollback_ok: true,
    ...over,
  });

function capture(live: boolean) {
  const out = new PassThrough();
  let text = "";
  out.on("data", (d) => {
    text += d;
  });
  return { out: out as unknown as NodeJS.WriteStream, text: () => text, live };
}

describe("Progress", () => {
  it("prints one line per finished trial off a terminal, with its figures and the time left", () => {
    const c = capture(false);
    const p = new Progress(4, 1, 1, c.out, c.live);
    p.start("a");
    p.finish({ id: "classification.proposed.release-model.s1", summary: summary({}), ms: 30_000 });
    const line = c.text().trim();
    expect(line).toMatch(
      /^\[2\/4\] classification\.proposed\.release-model\.s1 +2163 +2234 +1 +1450 +52 +0 +ok +0m30s/,
    );
    // Two trials left at 30 s each, one at a time.
    expect(line).toMatch(/~1m00s left$/);
  });

  it("counts crashed trials and trials with failed steps as failures in the bar", () => {
    const c = capture(false);
    const p = new Progress(3, 0, 2, c.out, c.live);
    p.finish({ id: "x", summary: null, ms: 1000 });
    p.finish({ id: "y", summary: summary({ failed_steps: ["deploy"] }), ms: 1000 });
    expect(c.text()).toContain("no summary (crashed; see its trial.log)");
    expect(c.text()).toContain("failed: deploy");
    expect(p.bar()).toMatch(/\] 2\/3 trials · 2 failed \(1 crashed, 1 with failed steps\)/);
  });

  it("redraws in place on a terminal: the table of latest summaries under the bar", () => {
    const c = capture(true);
    const p = new Progress(2, 0, 1, c.out, c.live);
    p.start("classification.proposed.release-model.s1");
    p.finish({ id: "classification.proposed.release-model.s1", summary: summary({}), ms: 2000 });
    const text = c.text();
    expect(text).toContain("running: classification.proposed.release-model.s1");
    expect(text).toContain("\x1b[2A\x1b[J");
    expect(text).toMatch(/trial +ttd +ttl +AC@1/);
  });
});
