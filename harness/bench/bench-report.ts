import type { BenchFile, Subject, SystemBench } from "./bench.ts";

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");

/** The task's bare baseline, if benched. */
function baselineOf(file: BenchFile, task: string): Subject | undefined {
  return file.baselines.find((b) => b.task === task);
}

/** A system's maximum throughput as a share of its task's bare baseline. */
export function shareOfBaseline(file: BenchFile, s: Subject): number {
  const b = baselineOf(file, s.task);
  return b ? s.maxRps / b.maxRps : Number.NaN;
}

/** p50 latency (from when each request was due) at an offered rate. */
export function p50At(s: Subject, rate: number): number {
  return s.paced.find((p) => p.offeredRps === rate)?.latencyMs.p50 ?? Number.NaN;
}

/**
 * Each extra hop's cost per task at the lowest offered rate: proposed against three-layer (the logic
 * calling the engine over HTTP) and gateway against proposed (a reverse proxy in front).
 */
export function hops(file: BenchFile): { task: string; hop: string; ms: number }[] {
  const rate = Math.min(...file.rates);
  const pairs = [
    ["proposed", "three-layer"],
    ["gateway", "proposed"],
  ];
  const out: { task: string; hop: string; ms: number }[] = [];
  for (const s of file.systems)
    for (const [with_, without] of pairs) {
      if (s.pattern !== with_) continue;
      const other = file.systems.find((x) => x.task === s.task && x.pattern === without);
      if (other)
        out.push({ task: s.task, hop: `${with_} - ${without}`, ms: p50At(s, rate) - p50At(other, rate) });
    }
  return out;
}

function rows(file: BenchFile): string[][] {
  const subjects: (Subject | SystemBench)[] = [...file.systems, ...file.baselines].sort((a, b) =>
    a.task === b.task ? a.name.localeCompare(b.name) : a.task.localeCompare(b.task),
  );
  return subjects.map((s) => {
    const rb = "rollback" in s ? s.rollback : null;
    return [
      s.name,
      s.closed.map((c) => c.rps.toFixed(0)).join(" / "),
      f2(shareOfBaseline(file, s)),
      ...file.rates.map((r) => {
        const p = s.paced.find((x) => x.offeredRps === r);
        return p
          ? `${f1(p.latencyMs.p50)} / ${f1(p.latencyMs.p99)}${p.ok < p.sent ? ` (${p.sent - p.ok} failed)` : ""}`
          : "-";
      }),
      rb ? rb.how : "",
      rb ? `${rb.medianMs.toFixed(0)} (${rb.runs.map((r) => r.tookMs.toFixed(0)).join(", ")})` : "",
      rb ? `${rb.failed} of ${rb.runs.reduce((n, r) => n + r.sent, 0)}` : "",
    ];
  });
}

function head(file: BenchFile): string[] {
  return [
    "subject",
    `max req/s (closed, c=${file.connections.join("/")})`,
    "x bare",
    ...file.rates.map((r) => `p50 / p99 ms @${r} req/s`),
    "rollback",
    "rollback ms (median)",
    `failed under ${file.systems[0]?.rollback.rate ?? "-"} req/s`,
  ];
}

function preamble(file: BenchFile): string {
  return (
    `${file.at}, node ${file.node}, ${file.cores} x ${file.cpus}; each load ${file.durationS} s, one subject at a time. ` +
    "Max req/s: closed loop (the best of the connection counts). Latency: an evenly paced open-loop client, " +
    "from when each request was due (coordinated omission counted). x bare: max req/s over the task's bare " +
    "baseline (node:http and the same release's vectorizer and predict, one process)."
  );
}

/** The bench as plain-text tables (what `npm run bench` prints). */
export function benchText(file: BenchFile): string {
  const h = head(file);
  const body = rows(file);
  const widths = h.map((x, i) => Math.max(x.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const rate = Math.min(...file.rates);
  return [
    preamble(file),
    line(h),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    "",
    `extra hop, p50 at ${rate} req/s:`,
    ...hops(file).map((x) => `  ${x.task} ${x.hop}: ${x.ms >= 0 ? "+" : ""}${x.ms.toFixed(2)} ms`),
  ].join("\n");
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Horizontal bars of max req/s, each system beside its bare baseline, as inline SVG. */
export function throughputSvg(file: BenchFile): string {
  const subjects = [...file.systems, ...file.baselines].sort((a, b) =>
    a.task === b.task ? a.name.localeCompare(b.name) : a.task.localeCompare(b.task),
  );
  const max = Math.max(1, ...subjects.map((s) => s.maxRps));
  const bar = 22;
  const label = 220;
  const width = 760;
  const bars = subjects.map((s, i) => {
    const w = ((width - label - 80) * s.maxRps) / max;
    const y = i * bar;
    const fill = s.name.endsWith("/bare") ? "#999" : "#3b6ea5";
    return (
      `<text x="${label - 6}" y="${y + 15}" text-anchor="end">${esc(s.name)}</text>` +
      `<rect x="${label}" y="${y + 3}" width="${w.toFixed(1)}" height="${bar - 6}" fill="${fill}"/>` +
      `<text x="${(label + w + 4).toFixed(1)}" y="${y + 15}">${s.maxRps.toFixed(0)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${subjects.length * bar + 4}" font-family="sans-serif" font-size="12">${bars.join("")}</svg>`;
}

/** bench.html: the preamble, the throughput chart and the table. */
export function benchHtml(file: BenchFile): string {
  const table = [head(file), ...rows(file)]
    .map(
      (r, i) => `<tr>${r.map((c) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`,
    )
    .join("\n");
  const hopList = hops(file)
    .map((x) => `<li>${esc(`${x.task} ${x.hop}: ${x.ms.toFixed(2)} ms`)}</li>`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>archdrill bench</title>
<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}tr:nth-child(even){background:#f3f3f3}</style></head>
<body><h1>archdrill bench</h1><p>${esc(preamble(file))}</p>
<h2>Maximum throughput (req/s)</h2>${throughputSvg(file)}
<h2>All figures</h2><table>${table}</table>
<h2>Extra hop, p50 at ${Math.min(...file.rates)} req/s</h2><ul>${hopList}</ul></body></html>
`;
}
