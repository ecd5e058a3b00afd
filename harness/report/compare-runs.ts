/**
 * For reviewers re-running the experiment: which medians of run b fall outside run a's seeded 95%
 * bootstrap CI of the same median (same operator, RQ, task, fault kind, pattern and measure), and
 * whether the two runs' verdicts agree. Reads only the two run directories (report.json need not exist).
 */
import { type Ext, fromExt } from "./extended.ts";
import { count, fmtValue } from "./format.ts";
import { measure } from "./measures.ts";
import { buildReportModel, type ModelOptions } from "./model.ts";
import type { Direction, Figure, Operator, ReportModel, Rq } from "./types.ts";

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
}

export interface CompareResult {
  a: { runDir: string; runId: string; finished: number };
  b: { runDir: string; runId: string; finished: number };
  level: number;
  figures: FigureCheck[];
  outside: FigureCheck[];
  notComparable: number;
  verdicts: VerdictAgreement[];
}

type Key = Omit<FigureCheck, "a" | "b" | "outside" | "reason">;

/** Below this many trials in a, a flag is marked as resting on a thin interval. */
const THIN = 5;

/** Every median figure of a model with data behind it, by its key. */
function medians(model: ReportModel): Map<string, { key: Key; figure: Extract<Figure, { stat: "median" }> }> {
  const out = new Map<string, { key: Key; figure: Extract<Figure, { stat: "median" }> }>();
  for (const a of model.analyses)
    for (const table of [a.rq1, a.rq2])
      for (const row of table.rows)
        for (const [pattern, cell] of Object.entries(row.cells))
          for (const [name, figure] of Object.entries(cell.figures)) {
            if (figure.stat !== "median" || figure.n === 0) continue;
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
    if (t.operator !== key.operator || t.pattern !== key.pattern) continue;
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

export function compareModels(
  ma: ReportModel,
  mb: ReportModel,
  dirs: { a: string; b: string },
): CompareResult {
  const fa = medians(ma);
  const fb = medians(mb);
  const figures = [...fb.entries()].map(([k, { key, figure }]) =>
    sameMix(ma, mb, check(key, fa.get(k)?.figure, figure)),
  );
  for (const [k, { key, figure }] of fa) if (!fb.has(k)) figures.push(check(key, figure, undefined));
  const verdicts: VerdictAgreement[] = [];
  for (const operator of new Set([...ma.analyses, ...mb.analyses].map((x) => x.operator)))
    for (const rq of ["rq1", "rq2"] as const) {
      const pick = (m: ReportModel) =>
        m.analyses.find((x) => x.operator === operator)?.verdicts.find((v) => v.rq === rq)?.direction ?? null;
      verdicts.push({ operator, rq, a: pick(ma), b: pick(mb), agree: pick(ma) === pick(mb) });
    }
  return {
    a: { runDir: dirs.a, runId: ma.runId, finished: ma.counts.finished },
    b: { runDir: dirs.b, runId: mb.runId, finished: mb.counts.finished },
    level: ma.method.level,
    figures,
    outside: figures.filter((f) => f.outside === true),
    notComparable: figures.filter((f) => f.outside === null).length,
    verdicts,
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
  lines.push("", "Verdicts:");
  for (const v of r.verdicts)
    lines.push(
      `  ${v.operator} ${v.rq.toUpperCase()}: a ${v.a ?? "none"}, b ${v.b ?? "none"}: ${v.agree ? "agree" : "DISAGREE"}`,
    );
  return lines.join("\n");
}
