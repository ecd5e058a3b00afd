/** The human operator's options, its phases and what its console says at each (harness/drill/human.ts). */
import type { RollbackKind } from "./rollback.ts";

export type DrillPhase = "preparing" | "running" | "rolling-back" | "ended" | "answered" | "closed";

export interface HumanOptions {
  system: string;
  participant?: string | null;
  team?: string | null;
  /** The drill ends when this passes (ms on the trial clock from the traffic's start). */
  timeLimitMs?: number;
  /** How long the console waits for the questionnaire after the drill. */
  questionnaireTimeoutMs?: number;
  /** How each unit changes release: the pattern's rollback (redeploy, or move the alias). */
  rollbackKinds: Record<string, RollbackKind>;
}

export const MESSAGES = {
  preparing:
    "Preparing the system (deploying it and getting its releases ready). The drill and its clock start when the traffic does.",
  live: "The system is live. Watch it, diagnose what goes wrong, and roll back if a release is to blame.",
  rq2Live:
    "The system is live. New data and a v2 release are on their way; watch it go out. When the business asks, roll the inference engine back.",
  rq2Early: "wait for the business to ask for the rollback: v2 is still going out",
} as const;

/** ms as seconds with one decimal, as the console shows them. */
export const secs = (ms: number) => Math.round(ms / 100) / 10;
