/** Small builders for hand-written journals in tests: every field explicit, nothing random. */

import type { AlertLabels, JournalRecord, Suspect } from "../../systems/kit/protocol/index.ts";
import type { Cause, Part } from "../faults/types.ts";
import type { RecordOf } from "./records.ts";

export function trialRecord(over: Partial<RecordOf<"trial">> = {}): RecordOf<"trial"> {
  return {
    type: "trial",
    at_ms: 0,
    system: "classification/proposed",
    scenario: "scenarios/classification/schema-rename.yaml",
    scenario_digest: "abc123",
    faults: ["schema.rename"],
    seed: 7,
    operator: "auto",
    started_at: "2024-01-01T00:00:00.000Z",
    truth: { part: "ml", cause: "schema" },
    injection_request: 200,
    ...over,
  };
}

export function req(
  i: number,
  sent_ms: number,
  ok = true,
  more: Partial<
    Pick<RecordOf<"request">, "release" | "answered" | "truth" | "affected" | "contract" | "guard" | "rule">
  > = {},
): RecordOf<"request"> {
  return { type: "request", i, sent_ms, ms: 5, status: ok ? 200 : 503, ok, ...more };
}

/** A moment only the harness knows (traffic starts, a system fault begins or takes effect). */
export function phase(
  name: RecordOf<"phase">["name"],
  at_ms: number,
  at_request: number,
  fault = "",
): RecordOf<"phase"> {
  return { type: "phase", name, fault, at_ms, at_request };
}

/** One attempt of the verification probe. */
export function probe(at_ms: number, passed: boolean, attempt = 1): RecordOf<"probe"> {
  return {
    type: "probe",
    at_ms,
    attempt,
    passed,
    good: passed ? 20 : 3,
    sent: 20,
    expect_release: "bundle#1",
  };
}

/** Requests i = from..to-1, sent every `every` ms starting at `t0` for i = from. */
export function reqs(from: number, to: number, t0: number, every: number): RecordOf<"request">[] {
  const out: RecordOf<"request">[] = [];
  for (let i = from; i < to; i++) out.push(req(i, t0 + (i - from) * every));
  return out;
}

export function injection(at_ms: number, at_request: number, fault = "schema.rename"): RecordOf<"injection"> {
  return { type: "injection", fault, at_ms, at_request };
}

export function alert(
  at_ms: number,
  at_request: number,
  labels: Partial<AlertLabels> & { alertname: string },
  starts_at = "2024-01-01T00:00:01.000Z",
): RecordOf<"alert"> {
  return {
    type: "alert",
    at_ms,
    at_request,
    labels: {
      system: "classification/proposed",
      boundary: "logic->processing",
      feature: "x",
      unit: "bundle",
      anomaly: "drift",
      flow: "input",
      severity: "warning",
      ...labels,
    },
    starts_at,
  };
}

export function suspect(part: Part, cause: Cause, score = 1): Suspect {
  return { part, cause, score, evidence: [] };
}

export function diagnosis(
  at_ms: number,
  ranked: Suspect[],
  replays = 0,
  at_request = 0,
): RecordOf<"diagnosis"> {
  return { type: "diagnosis", at_ms, at_request, ranked, replays };
}

export function rollbackRecord(over: Partial<RecordOf<"rollback">> = {}): RecordOf<"rollback"> {
  return {
    type: "rollback",
    unit: "bundle",
    from: 2,
    to: 1,
    decision_ms: 1000,
    done_ms: 1600,
    tests_pass_ms: 2000,
    ok: true,
    reverted: ["model"],
    ...over,
  };
}

export function step(
  name: string,
  start_ms: number,
  end_ms: number,
  status: "ok" | "failed" = "ok",
): JournalRecord {
  return { type: "step", name, start_ms, end_ms, duration_ms: end_ms - start_ms, status };
}

export function steady(
  phase: "before" | "after" | "rollback",
  at_ms: number,
  passed: boolean,
): JournalRecord {
  return { type: "steady-state", phase, at_ms, passed, checks: [{ name: "accuracy", passed, detail: "" }] };
}
