/**
 * For reviewers re-running the experiment: which medians of run b fall outside run a's seeded 95%
 * bootstrap CI of the same median (same operator, RQ, task, fault kind, pattern and measure); which
 * request-counted figures differ, trial by trial (the traffic is seeded, so a re-run of the same plan
 * sends the same requests: its counts are checked for equality, not against an interval); and
 * whether the two runs' verdicts agree. Reads only the two run directories (report.json need not exist).
 */
import { type Ext, fromExt } from "./extended.ts";
import { count, fmtValue } from "./format.ts";
import { MEASURES, measure } from "./measures.ts";
import { buildReportModel, type ModelOptions } from "./model.ts";
import type { Direction, Figure, Operator, ReportModel, Rq, TrialRow } from "./types.ts";

export interface FigureCheck {
  operator: Operator;
  rq: Rq;
  task: string;
  faultKind: string;
  pattern: string;
  measure: string;
  a: { n: number; median: Ext | null; low: Ext | null; high: Ext | null } | null;
  b: { n: number; median: Ext | null } | null;
  /** b's median lies outside a's CI; null when the two cannot be compared (see reason). */
  outside: boolean | null;
  reason?: string;
}

export interface VerdictAgreement {
  operator: Operator;
  rq: Rq;
  a: Direction | null;
  b: Direction | null;
  agree: boolean;
  /**
   * agree: the same word; opposite: one better, the other worse; no data: one run (not both) has none
   * to judge; differ: anything else (one run decided, the other did not, or one equivalent and the other
   * not).
   */
  agreement: "agree" | "opposite" | "differ" | "no data";
}

/** One request-counted figure of one trial in both runs. */
export interface RequestCountCheck {
  id: string;
  measure: string;
  a: number | null;
  b: number | null;
}

export interface RequestCounts {
  /** The measures counted in requests. */
  measures: string[];
  /** Figures compared: each measure of each trial id finished in both runs. */
  checked: number;
  /** The figures whose values differ. */
  differ: RequestCountCheck[];
  /** Figures not compared because one run's journal predates the field. */
  notMeasured: number;
  /** Trial ids finished in only one of the runs. */
  onlyA: string[];
  onlyB: string[];
}

export interface CompareResult {
  a: { runDir: string; runId: string; finished: number };
  b: { runDir: string; runId: string; finished: number };
  level: number;
  figures: FigureCheck[];
  outside: FigureCheck[];
  notComparable: number;
  requestCounts: RequestCounts;
  verdicts: VerdictAgreement[];
  /** Arms both runs name but define differently: their figures are not compared. */
  armsDiffer: { name: string; a: string; b: string }[];
}

type Key = Omit<FigureCheck, "a" | "b" | "outside" | "reason">;

/** Below this many trials in a, a flag is marked as resting on a thin interval. */
const THIN = 5;

/** Trial ids listed in the text before "and n more". */
const MAX_LISTED = 8;

/** Measures counted in the traffic's requests: compared trial by trial for equality. */
export const REQUEST_COUNTED = MEASURES.filter((x) => x.unit === "requests").map((x) => x.key);

/** Each request-counted measure of each trial finished in both runs (by trial id), checked for equality. */
export function requestCounts(ma: ReportModel, mb: ReportModel): RequestCounts {
  const byId = (m: ReportModel) => new Map(m.trials.map((t) => [t.id, t]));
  const [ta, tb] = [byId(ma), byId(mb)];
  const out: RequestCounts = {
    measures: REQUEST_COUNTED,
    checked: 0,
    differ: [],
    notMeasured: 0,
    onlyA: [...ta.keys()].filter((id) => !tb.has(id)).sort(),
    onlyB: [...tb.keys()].filter((id) => !ta.has(id)).sort(),
  };
  // A measure is there when its journal recorded every field it reads.
  const has = (t: TrialRow, key: string) => measure(key).fields.every((f) => !t.unmeasured?.includes(f));
  for (const [id, a] of [...ta.entries()].sort(([x], [y]) => x.localeCompare(y))) {
    const b = tb.get(id);
    if (!b) continue;
    for (const key of REQUEST_COUNTED) {
      if (!has(a, key) || !has(b, key)) {
        out.notMeasured++;
        continue;
      }
      const x = measure(key);
      const [va, vb] = [x.value(a), x.value(b)];
      out.checked++;
      if (va !== vb) out.differ.push({ id, measure: key, a: va, b: vb });
    }
  }
  return out;
}

function agreementOf(a: Direction | null, b: Direction | null): VerdictAgreement["agreement"] {
  if (a === b) return "agree";
  if ((a === "better" && b === "worse") || (a === "worse" && b === "better")) return "opposite";
  if (a === null || b === null || a === "no data" || b === "no data") return "no data";
  return "differ";
}

/** Every median figure of a model with data behind it, by its key. */
function medians(model: ReportModel): Map<string, { key: Key; figure: Extract<Figure, { stat: "median" }> }> {
  const out = new Map<string, { key: Key; figure: Extract<Figure, { stat: "median" }> }>();
  for (const a of model.analyses)
    for (const table of [a.rq1, a.rq2])
      for (const row of table.rows)
        for (const [pattern, cell] of Object.entries(row.cells))
          for (const [name, figure] of Object.entries(cell.figures)) {
            if (figure.stat !== "median" || figure.n === 0 || REQUEST_COUNTED.includes(name)) continue;
            const key = {
              operator: a.operator,
              rq: table.rq,
              task: row.task,
              faultKind: row.faultKind,
              pattern,
              measure: name,
            };
            out.set(JSON.stringify(key), { key, figure });
          }
  return out;
}

function check(
  key: Key,
  fa: Extract<Figure, { stat: "median" }> | undefined,
  fb: Extract<Figure, { stat: "median" }> | undefined,
): FigureCheck {
  const a = fa ? { n: fa.n, median: fa.median, low: fa.ci?.low ?? null, high: fa.ci?.high ?? null } : null;
  const b = fb ? { n: fb.n, median: fb.median } : null;
  if (!a) return { ...key, a, b, outside: null, reason: "no such figure in a" };
  if (!b) return { ...key, a, b, outside: null, reason: "no such figure in b" };
  if (b.median === null) return { ...key, a, b, outside: null, reason: "b's median is undetermined" };
  if (a.low === null || a.high === null)
    return { ...key, a, b, outside: null, reason: "a's interval is undetermined" };
  // A bootstrap of one value is that value: no interval to fall outside of.
  if (a.n < 2)
    return { ...key, a, b, outside: null, reason: "a has a single trial here: its median has no interval" };
  const v = fromExt(b.median);
  return { ...key, a, b, outside: v < fromExt(a.low) || v > fromExt(a.high) };
}

/**
 * What a pooled figure pools: the tasks (task "all"), the fault kinds (fault kind "all") or both,
 * among the trials of its operator and pattern; null for a figure of one task and one fault kind.
 */
function pooled(model: ReportModel, key: Key): string | null {
  if (key.task !== "all" && key.faultKind !== "all") return null;
  const cells = new Set<string>();
  for (const t of model.trials) {
    if (t.operator !== key.operator || t.arm !== key.pattern) continue;
    if (key.task !== "all" && t.task !== key.task) continue;
    if (key.faultKind !== "all" && t.faultKind !== key.faultKind) continue;
    cells.add(`${key.task === "all" ? t.task : ""}/${key.faultKind === "all" ? t.faultKind : ""}`);
  }
  return [...cells].sort().join(", ");
}

/** A pooled median is comparable only when both runs pool the same cells: else it is a different mix. */
function sameMix(ma: ReportModel, mb: ReportModel, c: FigureCheck): FigureCheck {
  if (c.outside === null) return c;
  const [pa, pb] = [pooled(ma, c), pooled(mb, c)];
  if (pa === pb) return c;
  return { ...c, outside: null, reason: `a pools ${pa} but b pools ${pb}: a different mix of trials` };
}

/** Arms both runs name but define differently (pattern, observability or deploy): not the same arm. */
export function armsDiffering(ma: ReportModel, mb: ReportModel): CompareResult["armsDiffer"] {
  const factors = (a: ReportModel["arms"][number]) => `${a.pattern}/${a.observability}/${a.deploy}`;
  return ma.arms.flatMap((x) => {
    const y = mb.arms.find((b) => b.name === x.name);
    return y && factors(x) !== factors(y) ? [{ name: x.name, a: factors(x), b: factors(y) }] : [];
  });
}

export function compareModels(
  ma: ReportModel,
  mb: ReportModel,
  dirs: { a: string; b: string },
): CompareResult {
  const fa = medians(ma);
  const fb = medians(mb);
  const armsDiffer = armsDiffering(ma, mb);
  const differs = new Map(armsDiffer.map((d) => [d.name, d]));
  const sameArm = (c: FigureCheck): FigureCheck => {
    const d = differs.get(c.pattern);
    return d ? { ...c, outside: null, reason: `arm ${d.name} is ${d.a} in a but ${d.b} in b` } : c;
  };
  const figures = [...fb.entries()].map(([k, { key, figure }]) =>
    sameArm(sameMix(ma, mb, check(key, fa.get(k)?.figure, figure))),
  );
  for (const [k, { key, figure }] of fa) if (!fb.has(k)) figures.push(check(key, figure, undefined));
  const verdicts: VerdictAgreement[] = [];
  for (const operator of new Set([...ma.analyses, ...mb.analyses].map((x) => x.operator)))
    for (const rq of ["rq1", "rq2"] as const) {
      const pick = (m: ReportModel) =>
        m.analyses.find((x) => x.operator === operator)?.verdicts.find((v) => v.rq === rq)?.direction ?? null;
      const agreement = agreementOf(pick(ma), pick(mb));
      verdicts.push({ operator, rq, a: pick(ma), b: pick(mb), agree: agreement === "agree", agreement });
    }
  return {
    a: { runDir: dirs.a, runId: ma.runId, finished: ma.counts.finished },
    b: { runDir: dirs.b, runId: mb.runId, finished: mb.counts.finished },
    level: ma.method.level,
    figures,
    outside: figures.filter((f) => f.outside === true),
    notComparable: figures.filter((f) => f.outside === null).length,
    requestCounts: requestCounts(ma, mb),
    verdicts,
    armsDiffer,
  };
}

export async function compareRuns(a: string, b: string, options: ModelOptions = {}): Promise<CompareResult> {
  return compareModels(buildReportModel(a, options), buildReportModel(b, options), { a, b });
}

const where = (f: FigureCheck) =>
  `${f.operator} ${f.rq.toUpperCase()} ${f.task === "all" ? "all tasks" : f.task} / ${
    f.faultKind === "all" ? "all kinds" : f.faultKind
  } ${f.pattern} ${measure(f.measure).label}`;

export function compareText(r: CompareResult): string {
  const pct = Math.round(r.level * 100);
  const lines = [
    `a: ${r.a.runId} (${r.a.runDir}), ${r.a.finished} finished trials`,
    `b: ${r.b.runId} (${r.b.runDir}), ${r.b.finished} finished trials`,
    ...r.armsDiffer.map(
      (d) =>
        `Arm ${d.name} is not the same arm in both runs: a ${d.a}, b ${d.b}; its figures are not compared.`,
    ),
    "",
    `${r.figures.length - r.notComparable} medians of b checked against a's ${pct}% bootstrap CIs: ${r.outside.length} outside.`,
  ];
  for (const f of r.outside) {
    const unit = measure(f.measure).unit;
    lines.push(
      `  ${where(f)}: b ${fmtValue(unit, f.b?.median ?? null)} (n ${f.b?.n}) outside a's [${fmtValue(unit, f.a?.low ?? null)}, ${fmtValue(unit, f.a?.high ?? null)}] (a ${fmtValue(unit, f.a?.median ?? null)}, n ${f.a?.n})`,
    );
  }
  const thin = r.outside.filter((f) => (f.a?.n ?? 0) < THIN).length;
  if (thin)
    lines.push(
      `${count(thin, "flagged figure rests", "flagged figures rest")} on fewer than ${THIN} trials in a: a bootstrap interval of so few values is narrow by construction, so read such flags with care.`,
    );
  if (r.notComparable) {
    lines.push(`${count(r.notComparable, "figure")} could not be compared:`);
    for (const f of r.figures.filter((x) => x.outside === null)) lines.push(`  ${where(f)}: ${f.reason}`);
  }
  const rc = r.requestCounts;
  lines.push(
    "",
    `Request-counted figures (${rc.measures.map((k) => measure(k).label).join(", ")}) compared trial by trial for equality: ${rc.differ.length} of ${rc.checked} request-counted figures differ.`,
  );
  const shown = (v: number | null) => (v === null ? "none" : String(v));
  for (const d of rc.differ)
    lines.push(`  ${d.id} ${measure(d.measure).label}: a ${shown(d.a)}, b ${shown(d.b)}`);
  if (rc.notMeasured)
    lines.push(`${count(rc.notMeasured, "figure")} not compared: one run's journal predates the field.`);
  const only = [...rc.onlyA.map((id) => `${id} (a)`), ...rc.onlyB.map((id) => `${id} (b)`)];
  if (only.length)
    lines.push(
      `${count(only.length, "trial")} finished in only one run, not compared: ${only.slice(0, MAX_LISTED).join(", ")}${
        only.length > MAX_LISTED ? ` and ${only.length - MAX_LISTED} more` : ""
      }.`,
    );
  const words: Record<VerdictAgreement["agreement"], string> = {
    agree: "agree",
    opposite: "DISAGREE: opposite directions",
    differ: "DISAGREE",
    "no data": "not comparable: one run has no data",
  };
  lines.push("", "Verdicts:");
  for (const v of r.verdicts)
    lines.push(
      `  ${v.operator} ${v.rq.toUpperCase()}: a ${v.a ?? "none"}, b ${v.b ?? "none"}: ${words[v.agreement]}`,
    );
  return lines.join("\n");
}
