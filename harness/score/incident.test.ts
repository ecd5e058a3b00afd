import { describe, expect, it } from "vitest";
import type { JournalRecord } from "../../systems/kit/protocol/index.ts";
import { detection } from "./detection.ts";
import { incidentCost, judge } from "./incident.ts";
import { detectionOrigin, faultBegins } from "./incident-clock.ts";
import { localization } from "./localization.ts";
import { diagnosis, phase, probe, req, rollbackRecord, suspect, trialRecord } from "./testing.ts";

const firedAlert = (fired_ms: number, trigger_request: number, at_ms = fired_ms + 2): JournalRecord => ({
  type: "alert",
  at_ms,
  at_request: 0,
  labels: {
    alertname: "AccuracyDrop",
    system: "classification/proposed",
    unit: "logic",
    boundary: "feedback",
    feature: "accuracy",
    anomaly: "accuracy",
    flow: "feedback",
    severity: "warning",
  },
  starts_at: `t${fired_ms}`,
  fired_ms,
  delivery_ms: at_ms - fired_ms,
  trigger: `r${trigger_request}`,
  trigger_request,
});

// 100 requests every 100 ms from t = 1000; a bad release starts going out before request 50
// (t = 6000) and serves from request 55 (t = 6500).
const releaseTrial = trialRecord({ faults: ["release.model"], truth: { part: "ml", cause: "release" } });
const traffic = Array.from({ length: 100 }, (_, i) => {
  // Requests 50..54 fail while the app restarts: no answer at all.
  if (i >= 50 && i < 55)
    return req(i, 1000 + 100 * i, false, { release: null, answered: null, truth: "sun" });
  return req(i, 1000 + 100 * i, true, {
    release: i < 55 ? "bundle#1" : "bundle#2",
    answered: i >= 55 && i % 2 ? "rain" : "sun",
    truth: "sun",
  });
});
const releaseJournal: JournalRecord[] = [
  releaseTrial,
  phase("traffic-starts", 1000, 0),
  ...traffic,
  phase("fault-begins", 5990, 50, "release.model"),
  phase("fault-in-effect", 6490, 55, "release.model"),
];

describe("the incident's clock", () => {
  it("begins a release fault when its deploy starts and counts detection from the first request after it took effect", () => {
    expect(faultBegins(releaseJournal)).toEqual({ at_ms: 5990, at_request: 50 });
    expect(detectionOrigin(releaseJournal)).toEqual({ at_ms: 6490, at_request: 55 });
  });

  it("begins a payload or data fault at the first request it touched, gradual or not", () => {
    const touched = [
      trialRecord(),
      phase("traffic-starts", 0, 0),
      req(3, 300),
      req(4, 400, true, { affected: ["schema.rename"] }),
      req(5, 500, true, { affected: [] }),
    ];
    expect(faultBegins(touched)).toEqual({ at_ms: 400, at_request: 4 });
    expect(detectionOrigin(touched)).toEqual({ at_ms: 400, at_request: 4 });
  });
});

describe("detection on the trial clock", () => {
  it("times detection from the monitor's firing and counts requests from its trigger", () => {
    const d = detection([...releaseJournal, firedAlert(8000, 67)]);
    expect(d).toMatchObject({
      detected_ms: 8000,
      ttd_ms: 2010,
      ttd_requests: 12,
      silent: false,
      false_alarms_per_10k: 0,
    });
  });

  it("counts an alert fired while the bad release went out as detection, with negative requests", () => {
    const d = detection([...releaseJournal, firedAlert(6200, 52)]);
    expect(d).toMatchObject({ ttd_ms: 210, ttd_requests: -3 });
  });

  it("counts an alert fired before the fault began as a false alarm, per request sent before it", () => {
    // 50 requests before request 50: 1 / 50 * 10 000 = 200.
    expect(detection([...releaseJournal, firedAlert(3000, 20)])).toMatchObject({
      false_alarms_per_10k: 200,
      silent: true,
    });
  });
});

describe("localization around the action", () => {
  it("scores the diagnosis the action followed, and the last one beside it", () => {
    const records = [
      ...releaseJournal,
      diagnosis(8100, [suspect("ml", "trend"), suspect("ml", "release")]),
      diagnosis(9600, [suspect("ml", "release")]),
      rollbackRecord({ decision_ms: 9700, done_ms: 9710, tests_pass_ms: null }),
      diagnosis(12000, [suspect("infra", "infrastructure")]),
    ];
    expect(localization(records)).toMatchObject({
      ttl_ms: 9600 - 5990,
      first_diagnosis_ms: 8100,
      actionable_diagnosis_ms: 9600,
      decision_ms: 9700,
      time_to_action_ms: 9700 - 5990,
      ac1: 1,
      ac1_last: 0,
      ac3_last: 0,
    });
  });
});

describe("what the incident cost users", () => {
  it("counts failed requests and wrong answers from the fault's beginning to its verified end", () => {
    const records = [
      ...releaseJournal,
      rollbackRecord({
        unit: "bundle",
        from: 2,
        to: 1,
        decision_ms: 8000,
        done_ms: 8010,
        tests_pass_ms: null,
      }),
      probe(8500, true),
    ];
    // Window [5990, 8500]: requests 50..75 (sent 6000..8500). 50..54 failed, unjudged; of 55..75 the
    // odd ones (55, 57, ..., 75) answered rain against the truth sun: 11 wrong of 21 judged.
    // Before request 50 every answer is sun: a wrong rate of 0.
    expect(incidentCost(records)).toEqual({
      incident_failed_requests: 5,
      incident_wrong_answers: 11,
      incident_answers: 21,
      wrong_rate_before: 0,
    });
  });

  it("judges a cluster's answer with the fit of the release that gave it, from the journal", () => {
    const clusters: JournalRecord[] = [
      trialRecord({ system: "clustering/proposed" }),
      {
        type: "releases",
        at_ms: 0,
        units: {
          bundle: [
            {
              number: 1,
              digest: "a",
              head: { kind: "clusters", limit: 3, groups: { c0: "Adelie", c1: "Gentoo" } },
            },
            {
              number: 2,
              digest: "b",
              head: { kind: "clusters", limit: 3, groups: { c0: "Gentoo", c1: "Adelie" } },
            },
          ],
        },
      },
    ];
    const right = judge(clusters);
    const answer = (release: string, answered: string) =>
      req(0, 0, true, { release, answered, truth: "Adelie" });
    expect(right(answer("bundle#1", "c0"))).toBe(true);
    expect(right(answer("bundle#2", "c0"))).toBe(false);
    expect(right(answer("bundle#3", "c0"))).toBeNull();
    expect(right(req(0, 0, false))).toBeNull();
  });
});
