import { describe, expect, it } from "vitest";
import { UnknownDetectorError } from "../errors.ts";
import { detectorPlugins, getDetector } from "./index.ts";

describe("detector registry", () => {
  it("finds every listed plugin by name", () => {
    for (const p of detectorPlugins) expect(getDetector(p.name)).toBe(p);
    expect(detectorPlugins.map((p) => p.name)).toEqual(["ks", "chi2", "psi", "page-hinkley"]);
  });

  it("rejects an unknown name with the list of known ones", () => {
    expect(() => getDetector("adwin")).toThrow(UnknownDetectorError);
    expect(() => getDetector("adwin")).toThrow(/unknown detector 'adwin'.*ks, chi2, psi, page-hinkley/);
  });

  it("refuses a reference of the wrong kind", () => {
    const categorical = { field: "g", kind: "categorical" as const, counts: { a: 1 } };
    expect(() => getDetector("ks").create(categorical, { windowSize: 10, threshold: 1 })).toThrow(
      /numeric reference/,
    );
    const empty = { field: "x", kind: "numeric" as const, sample: [] };
    expect(() => getDetector("page-hinkley").create(empty, { windowSize: 10, threshold: 1 })).toThrow(
      /empty/,
    );
  });
});
