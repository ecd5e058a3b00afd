import { describe, expect, it } from "vitest";
import { acAtK, correct, localization } from "./localization.ts";
import { diagnosis, injection, suspect, trialRecord } from "./testing.ts";

// Ground truth ml / schema; the fault goes in at t = 1000 ms.
const trial = trialRecord({ truth: { part: "ml", cause: "schema" } });
const inj = injection(1000, 100);

describe("localization", () => {
  it("times localization from the first diagnosis whose top suspect is right, and scores the last one", () => {
    const records = [
      trial,
      inj,
      diagnosis(1500, [suspect("ml", "trend"), suspect("ml", "schema")], 1), // wrong at the top
      diagnosis(2500, [suspect("ml", "schema"), suspect("ml", "trend")], 2), // right: ttl = 2500 - 1000
      diagnosis(3000, [suspect("logic", "release"), suspect("ml", "trend"), suspect("ml", "schema")], 4),
    ];
    // the last diagnosis has the truth third: AC@1 = 0, AC@3 = 1; its replays: 4
    expect(localization(records)).toMatchObject({ ttl_ms: 1500, ac1: 0, ac3: 1, replays: 4 });
  });

  it("scores AC@1 when the last diagnosis ranks the truth first", () => {
    const records = [trial, inj, diagnosis(1200, [suspect("ml", "schema"), suspect("logic", "release")], 3)];
    expect(localization(records)).toMatchObject({ ttl_ms: 200, ac1: 1, ac3: 1, replays: 3 });
  });

  it("gives AC@3 = 0 when the truth is ranked fourth", () => {
    const ranked = [suspect("ml", "trend"), suspect("logic", "release"), suspect("infra", "infrastructure")];
    const records = [trial, inj, diagnosis(1200, [...ranked, suspect("ml", "schema")])];
    expect(localization(records)).toMatchObject({ ttl_ms: null, ac1: 0, ac3: 0, replays: 0 });
  });

  it("ignores a right diagnosis made before the injection when timing localization", () => {
    const records = [
      trial,
      diagnosis(400, [suspect("ml", "schema")]),
      inj,
      diagnosis(1900, [suspect("ml", "schema")], 1),
    ];
    expect(localization(records).ttl_ms).toBe(900);
  });

  it("tells the processing from the engine: only the right cause inside the ML part counts", () => {
    const skew = trialRecord({ truth: { part: "ml", cause: "processing" } });
    const ranked = [suspect("ml", "engine"), suspect("ml", "processing")];
    expect(localization([skew, inj, diagnosis(1200, ranked)])).toMatchObject({ ac1: 0, ac3: 1 });
  });

  it("judges the acted-on top suspect's unit, flow and feature against the truth's grain", () => {
    const grained = trialRecord({
      truth: { part: "ml", cause: "schema", unit: "logic", flow: "input", features: ["temp_max", "wind"] },
    });
    const at = (where: Partial<ReturnType<typeof suspect>>) => ({ ...suspect("ml", "schema"), ...where });
    const right = at({ unit: "logic", flow: "input", feature: "wind" });
    expect(localization([grained, inj, diagnosis(1200, [right])])).toMatchObject({
      unit_ok: 1,
      flow_ok: 1,
      feature_ok: 1,
    });
    const wrong = at({ unit: "bundle", flow: "vector", feature: "location" });
    expect(localization([grained, inj, diagnosis(1200, [wrong])])).toMatchObject({
      unit_ok: 0,
      flow_ok: 0,
      feature_ok: 0,
    });
    // No grain named by the suspect is wrong; no grain in the truth (an older journal) is not judged.
    expect(localization([grained, inj, diagnosis(1200, [suspect("ml", "schema")])])).toMatchObject({
      unit_ok: 0,
      feature_ok: 0,
    });
    expect(localization([trial, inj, diagnosis(1200, [right])])).toMatchObject({
      unit_ok: null,
      flow_ok: null,
      feature_ok: null,
    });
  });

  it("measures the stated onset against the first request the fault touched, in requests", () => {
    const stated = (onset: number | null) => ({
      ...diagnosis(1200, [suspect("ml", "schema")]),
      onset_request: onset,
    });
    expect(localization([trial, inj, stated(130)]).onset_error_requests).toBe(30);
    expect(localization([trial, inj, stated(90)]).onset_error_requests).toBe(-10);
    expect(localization([trial, inj, stated(null)]).onset_error_requests).toBeNull();
    expect(
      localization([trial, inj, diagnosis(1200, [suspect("ml", "schema")])]).onset_error_requests,
    ).toBeNull();
  });

  it("gives zeros and no time when there is no diagnosis", () => {
    expect(localization([trial, inj])).toMatchObject({ ttl_ms: null, ac1: 0, ac3: 0, replays: 0 });
  });

  it("cannot localize without ground truth or injection", () => {
    const d = diagnosis(1200, [suspect("ml", "schema")], 2);
    expect(localization([inj, d])).toMatchObject({ ttl_ms: null, ac1: 0, ac3: 0, replays: 2 });
    expect(localization([trial, d])).toMatchObject({ ttl_ms: null, ac1: 1, ac3: 1, replays: 2 });
  });

  it("judges a suspect on part and cause only", () => {
    const truth = { part: "ml", cause: "schema" } as const;
    expect(correct({ ...suspect("ml", "schema"), unit: "app", feature: "x" }, truth)).toBe(true);
    expect(correct(suspect("ml", "trend"), truth)).toBe(false);
    expect(correct(suspect("logic", "schema"), truth)).toBe(false);
    expect(acAtK([], truth, 3)).toBe(0);
  });
});
