import { describe, expect, it } from "vitest";
import type { Release } from "../../systems/kit/registry/index.ts";
import { HIDDEN, Redactor, releaseView } from "./redact.ts";

describe("the console's redaction", () => {
  it("shows a release's number, date, digests and scores but not its note or training knobs", () => {
    const r: Release = {
      unit: "bundle",
      number: 2,
      digest: "d".repeat(64),
      path: "/tmp/x",
      createdAt: "2024-01-01T00:00:00Z",
      note: "release.model: label noise 0.6",
      lineage: {
        codeVersion: "abc",
        dataDigest: "e".repeat(64),
        params: { labelNoise: 0.6, note: "release.model: label noise 0.6" },
        metrics: { heldOutAccuracy: 0.41 },
      },
    };
    const shown = JSON.stringify(releaseView(r));
    expect(shown).not.toMatch(/noise|release\.model|\/tmp/);
    expect(releaseView(r)).toEqual({
      number: 2,
      createdAt: "2024-01-01T00:00:00Z",
      codeVersion: "abc",
      dataDigest: "eeeeeeeeeeee",
      metrics: { heldOutAccuracy: 0.41 },
    });
  });

  it("scrubs fault names and the scenario's file and title, whatever their case", () => {
    const r = Redactor.forScenario(
      "scenarios/classification/release-model.yaml",
      "A worse model release goes out",
    );
    const text =
      '{"reason":"Release.Model fault","file":"release-model","t":"a worse model release goes out"}';
    expect(r.clean(text)).toBe(`{"reason":"${HIDDEN} fault","file":"${HIDDEN}","t":"${HIDDEN}"}`);
    expect(r.clean("schema.rename and trend.prior")).toBe(`${HIDDEN} and ${HIDDEN}`);
    expect(r.clean("production moved to release 3")).toBe("production moved to release 3");
  });
});
