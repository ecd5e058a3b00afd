import { describe, expect, it } from "vitest";
import type { JournalRecord } from "../../systems/kit/protocol/index.ts";
import { trafficStart } from "./traffic.ts";

const request = (i: number, sent: number): JournalRecord => ({
  type: "request",
  i,
  sent_ms: sent,
  ms: 3,
  status: 200,
  ok: true,
});

describe("the drill's start", () => {
  it("is the send time of the first request, however late and out of order the journal shows it", async () => {
    const records: JournalRecord[] = [
      {
        type: "step",
        name: "prepare release.model",
        start_ms: 10,
        end_ms: 34_000,
        duration_ms: 33_990,
        status: "ok",
      },
    ];
    const start = trafficStart({ records: () => records.slice() }, new AbortController().signal, 5);
    setTimeout(() => records.push(request(1, 34_150), request(0, 34_120)), 30);
    expect(await start).toBe(34_120);
  });

  it("is null when the traffic ends (or the drill is stopped) before any request went out", async () => {
    const stop = new AbortController();
    const start = trafficStart({ records: () => [] }, stop.signal, 5);
    setTimeout(() => stop.abort(), 20);
    expect(await start).toBeNull();
    expect(await trafficStart({ records: () => [request(0, 1)] }, AbortSignal.abort())).toBeNull();
  });
});
