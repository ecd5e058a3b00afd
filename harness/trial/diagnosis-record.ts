import type { DiagnosisEvent } from "../operators/auto.ts";
import type { RecordOf } from "../score/records.ts";

/** An operator's diagnosis as the journal keeps it: what they rank, where it started, how bad. */
export const diagnosisRecord = (d: DiagnosisEvent, atRequest: number): RecordOf<"diagnosis"> => ({
  type: "diagnosis",
  at_ms: d.atMs,
  at_request: atRequest,
  ranked: d.ranked,
  replays: d.replays,
  ...(d.onsetRequest !== undefined ? { onset_request: d.onsetRequest } : {}),
  ...(d.severity ? { severity: d.severity } : {}),
});
