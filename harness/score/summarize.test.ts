import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JournalRecord, Summary } from "../../systems/kit/protocol/index.ts";
import { Journal, readJournal } from "../trial/journal.ts";
import { recordedSummary, splitSystem, summarize } from "./summarize.ts";
import {
  alert,
  diagnosis,
  injection,
  req,
  rollbackRecord,
  steady,
  step,
  suspect,
  trialRecord,
} from "./testing.ts";

/** Requests i = 0..299 at sent_ms = 1000 + 10 i; i = 175, 176 and 190 fail. */
function traffic(): JournalRecord[] {
  const failed = new Set([175, 176, 190]);
  return Array.from({ length: 300 }, (_, i) => req(i, 1000 + 10 * i, !failed.has(i)));
}

function complete(): JournalRecord[] {
  return [
    trialRecord({
      system: "classification/three-layer",
      scenario: "release-model.yaml",
      faults: ["release.model", "trend.prior"],
      seed: 3,
      truth: { part: "ml", cause: "release" },
      injection_request: 100,
    }),
    step("deploy", 0, 500),
    steady("before", 600, true),
    ...traffic(),
    alert(1300, 30, { alertname: "LatencyHigh" }, "a"), // a false alarm
    injection(2000, 100, "release.model"),
    alert(2450, 145, { alertname: "AccuracyDrop" }, "b"),
    diagnosis(2600, [suspect("ml", "release"), suspect("logic", "release")], 2, 160),
    step("replay", 2600, 2650, "failed"),
    rollbackRecord({
      unit: "app",
      decision_ms: 2700,
      done_ms: 3000,
      tests_pass_ms: 3200,
      reverted: ["model", "logic"],
    }),
    steady("after", 3500, true),
  ];
}

describe("summarize", () => {
  it("fills every field of a complete journal", () => {
    const expected: Partial<Summary> = {
      system: "classification/three-layer",
      task: "classification",
      pattern: "three-layer",
      scenario: "release-model.yaml",
      fault: "release.model+trend.prior",
      seed: 3,
      operator: "auto",
      requests: 300,
      ttd_requests: 45, // 145 - 100
      ttd_ms: 450, // 2450 - 2000
      ttl_ms: 600, // 2600 - 2000
      ac1: 1,
      ac3: 1,
      false_alarms_per_10k: 100, // 1 alert / 100 requests before the injection
      silent: false,
      ttr_ms: 500, // 3200 - 2700
      rollback_failed_requests: 3, // i = 175 (2750), 176 (2760), 190 (2900)
      rollback_downtime_ms: 30, // 2750 -> 2770 (20) + 2900 -> 2910 (10)
      rollback_ok: true,
      collateral_units: ["logic"], // the app release reverted the logic with the model
      replays: 2,
      steady_before: true,
      steady_after: true,
      failed_steps: ["replay"],
    };
    expect(summarize(complete())).toMatchObject(expected);
  });

  it("ignores a summary record already in the journal", () => {
    const records = complete();
    const first = summarize(records);
    const again = summarize([...records, { type: "summary", summary: { ...first, requests: 1 } }]);
    expect(again).toEqual(first);
    expect(recordedSummary([...records, { type: "summary", summary: first }])).toEqual(first);
    expect(recordedSummary(records)).toBeNull();
  });

  it("summarizes a trial that stopped part-way, read back from a torn journal", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
    dirs.push(dir);
    const journal = Journal.create(dir);
    const partial: JournalRecord[] = [
      trialRecord({ system: "classification/proposed", faults: ["schema.rename"], seed: 11 }),
      step("deploy", 0, 800),
      steady("before", 900, false),
      ...Array.from({ length: 10 }, (_, i) => req(i, 1000 + i)),
      step("traffic", 1000, 1100, "failed"),
    ];
    for (const r of partial) journal.append(r);
    fs.appendFileSync(journal.file, '{"type":"request","i":10,"sent'); // the crash
    const { records, truncated } = readJournal(journal.file);
    expect(truncated).toBe(true);
    expect(summarize(records)).toMatchObject({
      system: "classification/proposed",
      task: "classification",
      pattern: "proposed",
      scenario: "scenarios/classification/schema-rename.yaml",
      fault: "schema.rename",
      seed: 11,
      operator: "auto",
      requests: 10,
      ttd_requests: null,
      ttd_ms: null,
      ttl_ms: null,
      ac1: 0,
      ac3: 0,
      false_alarms_per_10k: 0,
      silent: false,
      ttr_ms: null,
      rollback_failed_requests: null,
      rollback_downtime_ms: null,
      rollback_ok: null,
      collateral_units: [],
      replays: 0,
      steady_before: false,
      steady_after: null,
      failed_steps: ["traffic"],
    } satisfies Partial<Summary>);
  });

  it("never throws, even on an empty journal", () => {
    expect(summarize([])).toMatchObject({
      system: "",
      task: "",
      pattern: "",
      fault: "",
      seed: 0,
      requests: 0,
    });
  });

  it("splits a system name into task and pattern", () => {
    expect(splitSystem("chatbot/proposed")).toEqual({ task: "chatbot", pattern: "proposed" });
    expect(splitSystem("chatbot")).toEqual({ task: "chatbot", pattern: "" });
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
