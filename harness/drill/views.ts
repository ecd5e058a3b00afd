/** What the console makes of a participant's input and of replayed answers: pure, so tested alone. */
import type { Alert } from "../../systems/kit/monitor/index.ts";
import type { Suspect } from "../../systems/kit/protocol/index.ts";
import type { ReplayAnswer } from "../deploy/deploy.ts";
import type { DiagnosisInput } from "./inputs.ts";

/** The participant's diagnosis as the ranking the scorer reads: the main guess first, then the others. */
export function rankedOf(input: DiagnosisInput): Suspect[] {
  const first: Suspect = {
    part: input.part,
    cause: input.cause,
    ...(input.unit ? { unit: input.unit } : {}),
    ...(input.flow ? { flow: input.flow } : {}),
    ...(input.feature ? { feature: input.feature } : {}),
    score: 1,
    evidence: input.text ? [input.text] : [],
  };
  return [first, ...input.alternatives.map((a) => ({ ...a, score: 0, evidence: [] }))];
}

/** One row per replayed request with each release's answer; with two releases, how many labels differ. */
export function replayTable(payloads: Record<string, unknown>[], answers: ReplayAnswer[][]) {
  const rows = payloads.map((p, i) => ({
    request: JSON.stringify(p).slice(0, 160),
    answers: answers.map((a) => ({
      label: a[i]?.label ?? null,
      decision: a[i]?.decision ?? null,
      status: a[i]?.status ?? 0,
    })),
  }));
  const differ =
    answers.length === 2
      ? rows.filter((r) => String(r.answers[0].label) !== String(r.answers[1].label)).length
      : null;
  return { rows, labels_differ: differ };
}

/** An alert as the console lists it: when (drill seconds), what and where, in the pattern's own words. */
export function alertView(alert: Alert, atS: number) {
  return {
    at_s: atS,
    status: alert.status,
    name: alert.labels.alertname ?? "",
    labels: alert.labels,
    summary: alert.annotations.summary ?? alert.annotations.description ?? "",
    starts_at: alert.startsAt,
  };
}

/** A promise with its resolve function outside: the drill waits on what a participant does. */
export function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
