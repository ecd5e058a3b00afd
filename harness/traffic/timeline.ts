/**
 * The planned traffic of a trial, built before any request is sent: which row each request carries,
 * which faults changed it, and when system faults fire. Pure and seeded: the same context, faults
 * and rate give the same timeline, so trials replay exactly. Separate random streams per purpose
 * keep the steady-state draws identical whatever faults are added.
 */
import type { Rng } from "../../systems/kit/random.ts";
import { rng } from "../../systems/kit/random.ts";
import type { Row } from "../../systems/kit/task.ts";
import { getFault } from "../faults/index.ts";
import type { TimelineContext } from "../faults/types.ts";

export interface ScheduledFault {
  type: string;
  /** Raw params, parsed by the fault's own schema. */
  params: unknown;
  /** Position in the timeline, 0..1. */
  at: number;
  /** Width of the gradual change, 0..1 of the timeline; 0 = abrupt. */
  width: number;
  /** The share of requests the fault touches once fully in (some clients, one region); default 1. */
  share?: number;
}

export interface PlannedRequest {
  i: number;
  /** i * 1000 / rate */
  atMs: number;
  payload: Record<string, unknown>;
  /** True label of the drawn row (task.target), fed back after the response. */
  label: string | null;
  /** Fault types that changed this request. */
  affected: string[];
  /** The contract version the payload is in, sent as x-contract-version (absent: v1). */
  contract?: string;
}

export interface SystemEvent {
  type: string;
  /** Parsed params (defaults filled in). */
  params: unknown;
  atRequest: number;
}

export interface Timeline {
  requests: PlannedRequest[];
  systemEvents: SystemEvent[];
  /** Earliest fault position as a request index; `requests` (past the end) when there is no fault. */
  injectionRequest: number;
}

export class TimelineError extends Error {
  override name = "TimelineError";
}

/**
 * Probability that request i comes from the new concept, as river's ConceptDriftStream:
 * a sigmoid centred on `position` whose transition spans about `width` requests; width 0 is a step.
 */
export function mixProbability(i: number, position: number, width: number): number {
  if (width <= 0) return i >= position ? 1 : 0;
  return 1 / (1 + Math.exp((-4 * (i - position)) / width));
}

type Draw = (r: Rng, steady: Row) => Row;
type Apply = (p: Record<string, unknown>, r: Rng) => Record<string, unknown>;
interface Planned {
  type: string;
  position: number;
  width: number;
  share: number;
  mix: Rng;
  random: Rng;
}

function checkUnit(x: number, where: string): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1) {
    throw new TimelineError(`${where} must be a number from 0 to 1 (got ${String(x)})`);
  }
}

function parseParams(f: ScheduledFault, k: number): { fault: ReturnType<typeof getFault>; params: unknown } {
  let fault: ReturnType<typeof getFault>;
  try {
    fault = getFault(f.type);
  } catch (e) {
    throw new TimelineError(`faults[${k}].type: ${(e as Error).message}`);
  }
  const parsed = fault.params.safeParse(f.params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
    throw new TimelineError(`faults[${k}].params${at} (${f.type}): ${issue.message}`);
  }
  return { fault, params: parsed.data };
}

export function buildTimeline(ctx: TimelineContext, faults: ScheduledFault[], rate: number): Timeline {
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new TimelineError(`rate must be a positive number (got ${rate})`);
  const n = ctx.requests;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new TimelineError(`requests must be a whole number (got ${n})`);
  if (ctx.initial.length === 0 && n > 0)
    throw new TimelineError("the initial period has no rows to draw from");

  // Data faults replace the row first, then payload faults reshape the request, as in the world.
  const data: (Planned & { draw: Draw })[] = [];
  const payloadFaults: (Planned & { apply: Apply })[] = [];
  const systemEvents: SystemEvent[] = [];
  faults.forEach((f, k) => {
    checkUnit(f.at, `faults[${k}].at`);
    checkUnit(f.width, `faults[${k}].width`);
    const share = f.share ?? 1;
    checkUnit(share, `faults[${k}].share`);
    const { fault, params } = parseParams(f, k);
    const position = f.at * n;
    const width = f.width * n;
    const streams = { mix: rng(`${ctx.seed}:mix:${k}`), random: rng(`${ctx.seed}:fault:${k}`) };
    if (fault.kind === "system") {
      systemEvents.push({ type: f.type, params, atRequest: Math.round(position) });
      return;
    }
    const plan = { type: f.type, position, width, share, ...streams };
    // A fault that cannot apply to this task (a class it lacks, a field it has not) names its entry.
    try {
      if (fault.kind === "data") data.push({ ...plan, draw: fault.prepare(ctx, params) });
      else payloadFaults.push({ ...plan, apply: fault.prepare(ctx, params) });
    } catch (e) {
      throw new TimelineError(`faults[${k}].params (${f.type}): ${(e as Error).message}`);
    }
  });

  const draw = rng(`${ctx.seed}:draw`);
  const requests: PlannedRequest[] = [];
  for (let i = 0; i < n; i++) {
    let row = ctx.initial[Math.floor(draw() * ctx.initial.length)];
    const affected: string[] = [];
    for (const d of data) {
      // One mix draw per request whether or not it applies, so each stream stays aligned to i.
      if (d.mix() < d.share * mixProbability(i, d.position, d.width)) {
        row = d.draw(d.random, row);
        affected.push(d.type);
      }
    }
    let payload = ctx.task.toRequest(row, i);
    for (const p of payloadFaults) {
      if (p.mix() < p.share * mixProbability(i, p.position, p.width)) {
        const next = p.apply(payload, p.random);
        // A payload fault counts only where it changed something (MCAR nulls may leave a request whole).
        if (JSON.stringify(next) !== JSON.stringify(payload)) affected.push(p.type);
        payload = next;
      }
    }
    const y = row[ctx.task.target];
    requests.push({
      i,
      atMs: (i * 1000) / rate,
      payload,
      label: y === null || y === undefined ? null : String(y),
      affected,
    });
  }
  const positions = faults.map((f) => Math.round(f.at * n));
  return { requests, systemEvents, injectionRequest: positions.length > 0 ? Math.min(...positions) : n };
}
