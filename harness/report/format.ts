/** How figures read in the Markdown, HTML and text renderings (the JSON keeps the raw numbers). */
import type { Ext } from "./extended.ts";
import type { Measure } from "./measures.ts";
import type { Comparison, Figure, Interval, ReportModel, Rq } from "./types.ts";

export type Unit = Measure["unit"];

export const NONE = "–";

/** "1 pair", "2 pairs". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function magnitude(unit: Unit, v: number): string {
  const a = Math.abs(v);
  switch (unit) {
    case "ms":
      return a < 1000 ? `${Math.round(a)} ms` : `${(a / 1000).toFixed(a < 10_000 ? 2 : 1)} s`;
    case "requests":
    case "count":
      return Number.isInteger(a) ? String(a) : a.toFixed(1);
    case "share":
      return `${Math.round(a * 100)}%`;
    case "per 10k":
      return a.toFixed(1);
  }
}

/** A figure of one pattern: "+inf" is a median that was never reached. */
export function fmtValue(unit: Unit, v: Ext | null): string {
  if (v === null) return NONE;
  if (v === "+inf") return "not reached";
  if (v === "-inf") return "-∞";
  return `${v < 0 ? "-" : ""}${magnitude(unit, v)}`;
}

/** A signed difference (candidate - baseline). */
export function fmtDiff(unit: Unit, v: Ext | null): string {
  if (v === null) return "undetermined";
  if (v === "+inf") return "+∞";
  if (v === "-inf") return "-∞";
  if (v === 0) return unit === "share" ? "0%" : `0${unit === "ms" ? " ms" : ""}`;
  return `${v > 0 ? "+" : "-"}${magnitude(unit, v)}`;
}

/** An equivalence margin: "±500 ms", "±5 requests", "±2", "±10 points". */
export function fmtMargin(unit: Unit, margin: number): string {
  if (unit === "share") return `±${Math.round(margin * 100)} points`;
  if (unit === "requests") return `±${magnitude(unit, margin)} requests`;
  return `±${magnitude(unit, margin)}`;
}

export function fmtInterval(unit: Unit, ci: Pick<Interval, "low" | "high"> | null): string {
  if (!ci || ci.low === null || ci.high === null) return "undetermined";
  return `[${fmtDiff(unit, ci.low)}, ${fmtDiff(unit, ci.high)}]`;
}

export function fmtP(p: number | null): string {
  if (p === null) return NONE;
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}

/** "p = 0.012" or "p < 0.001". */
export const pText = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${fmtP(p)}`);

export function fmtFigure(x: Measure, f: Figure | undefined): string {
  if (!f || f.n === 0) return NONE;
  if (f.stat === "rate") return `${fmtValue("share", f.rate)} (${f.count}/${f.n})`;
  if (f.stat === "mean") return fmtValue(x.unit, f.mean);
  const iqr =
    f.q1 === null || f.q3 === null ? "" : ` [${fmtValue(x.unit, f.q1)} – ${fmtValue(x.unit, f.q3)}]`;
  const censored = f.censored ? `, ${f.censored} never` : "";
  return `${fmtValue(x.unit, f.median)}${iqr}${censored}`;
}

export const rqTitle = (rq: Rq) => (rq === "rq1" ? "RQ1 (localize failures)" : "RQ2 (roll back)");

export const groupName = (task: string, faultKind: string) =>
  `${task === "all" ? "all tasks" : task}, ${faultKind === "all" ? "all fault kinds" : faultKind}`;

/** What the design's test had to work with: "3 non-tied pairs", "4 + 5 trials". */
export function fmtSize(c: Comparison): string {
  if (c.design === "paired") return count(c.wilcoxon?.n ?? 0, "non-tied pair");
  return `${c.nBaseline} + ${c.nCandidate} trials`;
}

/** The mark of a row whose test cannot reach p < alpha at its size, in words. */
export const cannotReach = (c: Comparison, alpha: number) =>
  `† cannot reach p < ${alpha} with ${fmtSize(c)} (smallest attainable p ${fmtP(c.minP)})`;

/** The test of a comparison in words: "Wilcoxon signed-rank p = 0.012 (exact, 9 non-tied pairs)". */
export function fmtTest(c: Comparison): string {
  if (c.design === "paired" && c.wilcoxon)
    return `Wilcoxon signed-rank ${pText(c.wilcoxon.p)} (${c.wilcoxon.method}, ${count(c.wilcoxon.n, "non-tied pair")})`;
  if (c.design === "unpaired" && c.mannWhitney)
    return `Mann-Whitney U = ${c.mannWhitney.u}, ${pText(c.mannWhitney.p)} (${c.mannWhitney.method})`;
  return "no test";
}

export function summaryLine(model: ReportModel): string {
  const c = model.counts;
  const of = model.layout === "drill journals" ? "drill journals found (no run plan)" : "planned trials";
  const counted = `${c.finished} of ${c.planned} ${of} finished and are counted; ${c.unfinished.length} did not finish and are not counted.`;
  const workers = workersLine(model.manifestRows);
  return workers ? `${counted} ${workers}` : counted;
}

/**
 * Where a queued run's trials ran (manifest `workers`): one machine, or several, said plainly. Both
 * arms of a cell run on one worker, so pairs never cross machines even when workers differ.
 */
export function workersLine(rows: [string, string][]): string {
  const by = new Map<string, { host?: string; cpu?: string; cores?: string }>();
  for (const [k, v] of rows) {
    const m = /^workers\.(.+)\.(host|cpu|cores)$/.exec(k);
    if (m) by.set(m[1], { ...by.get(m[1]), [m[2]]: v });
  }
  if (by.size === 0) return "";
  const machines = [...new Set([...by.values()].map((w) => `${w.host} (${w.cores} x ${w.cpu})`))];
  return machines.length === 1
    ? `Every trial ran on one queue worker's machine, ${machines[0]}.`
    : `Trials ran on ${machines.length} different machines (${machines.join("; ")}): figures from different machines differ in speed, but both arms of each cell ran on one worker, so every pair was measured on one machine.`;
}

/**
 * The instrument's resolution in one sentence: differences below the units' clock uncertainty
 * (at least 1 ms) cannot be told apart; or that the journals did not record it.
 */
export function resolutionText(model: ReportModel): string {
  const r = model.resolution;
  const { baseline, candidate } = model.patterns;
  const ms = (v: number) => fmtValue("ms", v);
  const delivery = [baseline, candidate]
    .map((p) => {
      const v = r.deliveryP95Ms[p] ?? null;
      return v === null ? `not recorded ${p}` : `${ms(v)} ${p}`;
    })
    .join(", ");
  const anyDelivery = [baseline, candidate].some((p) => (r.deliveryP95Ms[p] ?? null) !== null);
  if (r.clockMs === null)
    return anyDelivery
      ? `The journals did not record the units' clock uncertainty, so the instrument's resolution is not known (alert delivery p95 ${delivery}).`
      : "The journals did not record the instrument's resolution (units' clock uncertainty, alert delivery times): they were written before it was journaled.";
  const x = Math.ceil(Math.max(r.clockMs, 1));
  return `Differences under ${x} ms are below the instrument's resolution (units' clocks known to ±${ms(r.clockMs)}; alert delivery p95 ${anyDelivery ? delivery : "not recorded"}).`;
}
