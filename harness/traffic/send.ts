import { isRecord, requestJson } from "../../systems/kit/http/client.ts";
import { errorBodySchema, REQUEST_HEADERS } from "../../systems/kit/protocol/index.ts";
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
  /** The release the answer names (the public answer's `release`), null without an answer. */
  release: string | null;
  /** The answer's label field (a class, a cluster, a number), null without one. */
  answered: string | number | null;
  /** The true outcome of the row the request carries (null when the row has none). */
  truth: string | null;
  /** Faults that changed this request (from the timeline). */
  affected: string[];
  /** The contract version the request stated (absent: v1). */
  contract?: string;
  /** The answer's guard (why it came without the engine's output), null without one. */
  guard: string | null;
  /** The rule a 4xx names (e.g. 'version': a contract version the unit does not speak), else null. */
  rule: string | null;
}

/** A user's report of the true outcome of request `of`, sent just before request `atRequest`. */
export interface SentFeedback {
  of: number;
  atRequest: number;
  sentMs: number;
  status: number;
}

export interface TrafficOptions {
  api: string;
  route: string;
  /** The answer's field that holds the model's label (task.answer.label). */
  answerLabel: string;
  /** performance.now() of the trial's origin. */
  origin: number;
  /** Requests after which users report the true outcome (0 = never). */
  feedbackDelay: number;
  /** Called before request i is sent (fault injection at a position). Not awaited. */
  beforeSend?: (i: number, atMs: number) => void;
  onSent?: (r: SentRequest) => void;
  /** Before a user's report on request `of` goes out, at position `atRequest`. */
  beforeFeedback?: (of: number, atRequest: number) => void;
  onFeedback?: (f: SentFeedback) => void;
  maxInFlight?: number;
  signal?: AbortSignal;
  /**
   * The request to send in planned request p's slot, decided when it goes out (a drill whose users
   * change their data source mid-timeline); default p itself.
   */
  choose?: (p: PlannedRequest) => PlannedRequest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Request i's id (x-request-id): what an alert names as its trigger. A report on it is `f<i>`. */
export const requestId = (i: number): string => `r${i}`;
export const feedbackId = (of: number): string => `f${of}`;

const ruleOf = (body: Record<string, unknown> | null): string | null =>
  errorBodySchema.safeParse(body).data?.error.rule ?? null;

const labelOf = (v: unknown): string | number | null =>
  typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) ? v : null;

/**
 * Replays a timeline as real HTTP requests at its pace (one keep-alive pool), each with its id,
 * records every answer, and sends the true label back through the feedback route
 * `feedbackDelay` requests later, as users who find out what happened would.
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
  for (const planned of timeline) {
    if (o.signal?.aborted) break;
    await sleep(start + planned.atMs - now());
    const p = o.choose ? { ...o.choose(planned), i: planned.i, atMs: planned.atMs } : planned;
    while (inFlight.size >= (o.maxInFlight ?? 64)) await Promise.race(inFlight);
    o.beforeSend?.(p.i, now());
    while (o.feedbackDelay > 0 && answered.length && answered[0].i <= p.i - o.feedbackDelay) {
      const f = answered.shift()!;
      o.beforeFeedback?.(f.i, p.i);
      const sentMs = now();
      const report = (status: number) => o.onFeedback?.({ of: f.i, atRequest: p.i, sentMs, status });
      track(
        inFlight,
        requestJson(`${o.api}/api/feedback`, {
          body: { id: f.id, label: f.label },
          headers: { [REQUEST_HEADERS.id]: feedbackId(f.i) },
        }).then(
          (res) => report(res.status),
          () => report(0),
        ),
      );
    }
    const sentMs = now();
    const record = (status: number, answer: Record<string, unknown> | null): SentRequest => ({
      i: p.i,
      sentMs,
      ms: now() - sentMs,
      status,
      ok: status === 200 && answer !== null && (answer.guard ?? null) === null,
      payload: p.payload,
      answer,
      release: typeof answer?.release === "string" ? answer.release : null,
      answered: labelOf(answer?.[o.answerLabel]),
      truth: p.label,
      affected: p.affected,
      ...(p.contract ? { contract: p.contract } : {}),
      guard: typeof answer?.guard === "string" ? answer.guard : null,
      rule: status >= 400 ? ruleOf(answer) : null,
    });
    track(
      inFlight,
      requestJson(`${o.api}${o.route}`, {
        body: p.payload,
        timeoutMs: 10_000,
        headers: {
          [REQUEST_HEADERS.id]: requestId(p.i),
          ...(p.contract ? { [REQUEST_HEADERS.contract]: p.contract } : {}),
        },
      }).then(
        (res) => {
          const answer = isRecord(res.body) ? res.body : null;
          const r = record(res.status, answer);
          if (res.status === 200 && typeof answer?.id === "number" && p.label !== null) {
            // Kept in timeline order whatever order the answers came back in, so each report goes
            // out exactly `feedbackDelay` requests after its answer and the same seed sends the same reports.
            const at = answered.findIndex((a) => a.i > p.i);
            answered.splice(at < 0 ? answered.length : at, 0, { i: p.i, id: answer.id, label: p.label });
          }
          sent.push(r);
          o.onSent?.(r);
        },
        () => {
          const r = record(0, null);
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
  const t = p.finally(() => set.delete(t));
  set.add(t);
}
