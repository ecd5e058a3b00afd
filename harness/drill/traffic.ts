import type { Journal } from "../trial/journal.ts";

/**
 * When the drill starts: the trial-clock ms at which the first request went out, as the journal
 * has it once an answer is in (the system is deployed and any slow fault preparation done by then). Null when the
 * signal aborts first: the traffic never started. It polls because the journal is the only word
 * the trial gives its operator about the traffic, and a drill needs it once.
 */
export function trafficStart(
  journal: Pick<Journal, "records">,
  signal: AbortSignal,
  everyMs = 100,
): Promise<number | null> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (at: number | null) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", aborted);
      resolve(at);
    };
    const aborted = () => done(null);
    const look = () => {
      // Answers can come back out of order: the earliest send among those journaled so far.
      const sent = journal.records().flatMap((r) => (r.type === "request" ? [r.sent_ms] : []));
      if (sent.length) done(Math.min(...sent));
      else timer = setTimeout(look, everyMs);
    };
    if (signal.aborted) return resolve(null);
    signal.addEventListener("abort", aborted, { once: true });
    look();
  });
}
