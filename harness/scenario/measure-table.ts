/** The scenario measures as one table: markdown whose columns also line up as plain text. */
import type { ScenarioMeasure } from "./measure.ts";
import { strongest } from "./measure-features.ts";
import { agrees } from "./measure-verdict.ts";

const n2 = (x: number | null | undefined) => (x === null || x === undefined ? "-" : x.toFixed(2));
const pct = (x: number) => (x === 0 ? "0" : `${(x * 100).toFixed(0)}%`);
const yesNo = (x: boolean | null) => (x === null ? "n/a" : x ? "yes" : "no");

/** A scenario's short name: its path under scenarios/, without the extension. */
export function shortName(file: string): string {
  return file.replace(/^.*?scenarios\//, "").replace(/\.ya?ml$/, "");
}

export const tableColumns = [
  "scenario",
  "declared",
  "data suggest",
  "fits",
  "detectable",
  "expect",
  "agrees",
  "strongest input (after / threshold)",
  "after x",
  "before x",
  "PSI after",
  "rejected",
  "label TVD (noise)",
  "accuracy before -> after",
  "seen by",
] as const;

export function tableRow(m: ScenarioMeasure): string[] {
  const v = m.verdict;
  const top = strongest(m.inputs);
  const a = m.accuracy;
  const expect = m.expect
    ? `${yesNo(m.expect.detectable)}${m.expect.cause ? ` (${m.expect.cause})` : ""}`
    : "-";
  const seen = Object.entries(v.seenBy)
    .filter(([, on]) => on)
    .map(([k]) => k)
    .join(",");
  return [
    shortName(m.file),
    m.fault.type,
    v.suggested ?? "n/a",
    yesNo(v.causeFits),
    yesNo(v.detectableByDesign),
    expect,
    agrees(v, m.expect).ok ? "yes" : "NO",
    top ? `${top.feature} ${top.detector} ${n2(top.after)} / ${n2(top.threshold)}` : "-",
    top ? n2(top.ratio) : "-",
    top ? n2(top.beforeRatio) : "-",
    top ? n2(top.psiAfter) : "-",
    pct(m.contract.rejectedAfter),
    `${n2(m.labels.tvd)} (${n2(m.labels.tvdNoise)})`,
    `${n2(a.before)} -> ${n2(a.after)}${a.significant ? " *" : ""}`,
    m.note ? "(data unchanged)" : seen || "none",
  ];
}

/**
 * One line per measure. "after x" is the strongest input feature's mean statistic after the fault
 * over its calibrated threshold (> 1: the request monitor fires on a typical window); "before x"
 * the same before it (a control: should stay under 1). The label TVD's noise is the 95th percentile
 * of the TVD between random splits of the pooled labels. An accuracy marked * dropped by more than
 * 2 standard errors at the accuracy monitor's window; "agrees" is measure-verdict.ts agrees():
 * whether the scenario does what it says (its `expect:` section, or detectable as named).
 */
export function measureTable(measures: readonly ScenarioMeasure[]): string {
  const rows = [Array.from(tableColumns), ...measures.map(tableRow)];
  const widths = tableColumns.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c])).join(" | ")} |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}
