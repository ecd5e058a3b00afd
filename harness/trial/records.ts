/**
 * The journal of one trial: append-only JSON lines, one record each. Times are ms on the
 * harness's monotonic clock from the trial's start; request positions come from the traffic log.
 * The report reads only journals, so everything a measure needs is recorded here.
 */
import type { CheckResult } from "../../systems/kit/task.ts";
import type { Cause, Part } from "../faults/types.ts";

export interface Suspect {
  part: Part;
  cause: Cause;
  /** The unit and boundary/feature the evidence points at, when it does. */
  unit?: string;
  feature?: string;
  score: number;
  evidence: string[];
}

export type JournalRecord =
  | {
      type: "trial";
      at_ms: number;
      system: string;
      scenario: string;
      scenario_digest: string;
      faults: string[];
      seed: number;
      operator: "auto" | "human";
      started_at: string;
      truth: { part: Part; cause: Cause };
      injection_request: number;
      /** rq1 (default): a fault on a running system; rq2: v1 -> new data and v2 -> roll back to v1. */
      kind?: "rq1" | "rq2";
    }
  | {
      type: "step";
      name: string;
      start_ms: number;
      end_ms: number;
      duration_ms: number;
      status: "ok" | "failed";
      detail?: string;
    }
  | {
      type: "steady-state";
      phase: "before" | "after" | "rollback" | "v2";
      at_ms: number;
      passed: boolean;
      checks: CheckResult[];
    }
  | { type: "injection"; fault: string; at_ms: number; at_request: number }
  | {
      type: "alert";
      at_ms: number;
      /** Requests the traffic had sent when the harness saw the alert. */
      at_request: number;
      labels: Record<string, string>;
      starts_at: string;
    }
  | { type: "diagnosis"; at_ms: number; at_request: number; ranked: Suspect[]; replays: number }
  | {
      type: "rollback";
      unit: string;
      from: number;
      to: number;
      decision_ms: number;
      done_ms: number;
      tests_pass_ms: number | null;
      ok: boolean;
      /** Parts of the system the rollback reverted (e.g. model, logic). */
      reverted: string[];
    }
  | { type: "request"; i: number; sent_ms: number; ms: number; status: number; ok: boolean }
  /** A human drill: who operated, and how long they had. */
  | { type: "drill"; at_ms: number; participant: string | null; team: string | null; time_limit_ms: number }
  /** One thing the participant did at the operator console. */
  | {
      type: "action";
      at_ms: number;
      action: ConsoleAction;
      detail: Record<string, string | number | boolean | null>;
      ok: boolean;
      error?: string;
    }
  /** The participant's answers after a drill, each on a 5-point scale (1 disagree .. 5 agree). */
  | {
      type: "questionnaire";
      at_ms: number;
      helped_identify: number;
      helped_rollback: number;
      would_adopt: number;
      comment: string;
    }
  | { type: "summary"; summary: Summary };

/** What a participant can do at the console (looking at alerts and charts is not logged: they poll). */
export const consoleActions = [
  "open",
  "metrics",
  "logs",
  "releases",
  "replay",
  "diagnosis",
  "rollback",
  "end",
  "questionnaire",
] as const;
export type ConsoleAction = (typeof consoleActions)[number];

/** One trial in one row: what the report aggregates. Null where a measure does not apply. */
export interface Summary {
  system: string;
  task: string;
  pattern: string;
  scenario: string;
  fault: string;
  seed: number;
  operator: "auto" | "human";
  requests: number;
  ttd_requests: number | null;
  ttd_ms: number | null;
  ttl_ms: number | null;
  ac1: 0 | 1;
  ac3: 0 | 1;
  false_alarms_per_10k: number;
  silent: boolean;
  ttr_ms: number | null;
  rollback_failed_requests: number | null;
  rollback_downtime_ms: number | null;
  rollback_ok: boolean | null;
  collateral_units: string[];
  replays: number;
  steady_before: boolean;
  steady_after: boolean | null;
  failed_steps: string[];
}
