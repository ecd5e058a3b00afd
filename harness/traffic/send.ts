import { isRecord, requestJson } from "../../systems/kit/http/client.ts";
import type { PlannedRequest } from "./timeline.ts";

export interface SentRequest {
  i: number;
  /** ms since the trial's origin (monotonic). */
  sentMs: number;
  ms: number;
  status: number;
  /** Answered 200 with a usable (unguarded) answer. */
  ok: boolean;
  payload: Record<string, unknown>;
  answer: Record<string, unknown> | null;
}

export interface TrafficOptions {
  api: string;
  route: string;
  /** performance.now() of the trial's origin. */
  origin: number;
  /** Requests after which users report the true outcome (0 = never). */
  feedbackDelay: number;
  /** Called before request i is sent (fault injection at a position). Not awaited. */
  beforeSend?: (i: number, atMs: number) => void;
  onSent?: (r: SentRequest) => void;
  maxInFlight?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Replays a timeline as real HTTP requests at its pace (keep-alive through fetch's pool), records
 * every answer, and sends the true label back through the feedback route `feedbackDelay`
 * requests later, as users who find out what happened would.
 */
export async function runTraffic(
  timeline: Iterable<PlannedRequest>,
  o: TrafficOptions,
): Promise<SentRequest[]> {
  const sent: SentRequest[] = [];
  const inFlight = new Set<Promise<void>>();
  const answered: { i: number; id: number; label: string }[] = [];
  const now = () => performance.now() - o.origin;
  const start = now();
  for (const p of timeline) {
    if (o.signal?.aborted) break;
    await sleep(start + p.atMs - now());
    while (inFlight.size >= (o.maxInFlight ?? 64)) await Promise.race(inFlight);
    o.beforeSend?.(p.i, now());
    while (o.feedbackDelay > 0 && answered.length && answered[0].i <= p.i - o.feedbackDelay) {
      const f = answered.shift()!;
      track(
        inFlight,
        requestJson(`${o.api}/api/feedback`, { body: { id: f.id, label: f.label } }).then(
          () => undefined,
          () => undefined,
        ),
      );
    }
    const sentMs = now();
    track(
      inFlight,
      requestJson(`${o.api}${o.route}`, { body: p.payload, timeoutMs: 10_000 }).then(
        (res) => {
          const answer = isRecord(res.body) ? res.body : null;
          const ok = res.status === 200 && answer !== null && (answer.guard ?? null) === null;
          const r: SentRequest = {
            i: p.i,
            sentMs,
            ms: now() - sentMs,
            status: res.status,
            ok,
            payload: p.payload,
            answer,
          };
          if (res.status === 200 && typeof answer?.id === "number" && p.label !== null)
            answered.push({ i: p.i, id: answer.id, label: p.label });
          sent.push(r);
          o.onSent?.(r);
        },
        () => {
          const r: SentRequest = {
            i: p.i,
            sentMs,
            ms: now() - sentMs,
            status: 0,
            ok: false,
            payload: p.payload,
            answer: null,
          };
          sent.push(r);
          o.onSent?.(r);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return sent.sort((a, b) => a.i - b.i);
}

function track(set: Set<Promise<void>>, p: Promise<void>): void {
  const q = p.finally(() => set.delete(q));
  set.add(q);
}
