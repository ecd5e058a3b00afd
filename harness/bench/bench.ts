import autocannon from "autocannon";
import { median } from "simple-statistics";
import { initialSplit } from "../../systems/kit/split.ts";
import { patterns } from "../../systems/patterns/index.ts";
import { getTask, tasks } from "../../systems/tasks/index.ts";
import { SystemHandle } from "../deploy/deploy.ts";

export interface BenchOptions {
  durationS?: number;
  connections?: number;
  /** Fixed offered load, requests per second over all connections. */
  rate?: number;
  rollbacks?: number;
  systems?: string[];
  json?: boolean;
}

export interface BenchRow {
  system: string;
  offeredRps: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  rollback: string;
  rollbackMs: number;
  rollbackRuns: number[];
}

async function load(
  api: string,
  route: string,
  bodies: unknown[],
  o: Required<Pick<BenchOptions, "durationS" | "connections" | "rate">>,
) {
  const requests = bodies.map((b) => ({
    method: "POST" as const,
    path: route,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(b),
  }));
  return autocannon({
    url: api,
    connections: o.connections,
    overallRate: o.rate,
    duration: o.durationS,
    requests,
  });
}

/** Load and rollback figures for every system, one system at a time so they do not share the cores. */
export async function bench(opts: BenchOptions = {}): Promise<BenchRow[]> {
  const o = { durationS: opts.durationS ?? 10, connections: opts.connections ?? 10, rate: opts.rate ?? 200 };
  const systems = opts.systems ?? tasks.names.flatMap((t) => patterns.names.map((p) => `${t}/${p}`));
  const rows: BenchRow[] = [];
  for (const system of systems) {
    const task = getTask(system.split("/")[0]);
    const bodies = initialSplit(task).heldOut.map((r, i) => task.toRequest(r, i));
    const h = await SystemHandle.start({ system, who: "bench" });
    try {
      await load(h.api, task.route, bodies, { ...o, durationS: 2 }); // warm-up: JIT, connections, caches
      const r = await load(h.api, task.route, bodies, o);
      // Rollback: a second release goes out, then production goes back to the first, the pattern's way.
      const second = await h.train({ seed: task.seed + 1, note: "bench: second release" });
      const runs: number[] = [];
      for (let i = 0; i < (opts.rollbacks ?? 3); i++) {
        await h.deploy(h.modelUnit, second, { who: "bench", reason: "release" });
        runs.push((await h.rollback(h.modelUnit, { who: "bench", reason: "rollback timing" })).tookMs);
      }
      const swap = h.units.get(h.modelUnit)?.spec.swap;
      rows.push({
        system,
        offeredRps: o.rate,
        rps: r.requests.average,
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
        rollback: swap === "alias" ? `move ${h.modelUnit} alias` : `redeploy ${h.modelUnit}`,
        rollbackMs: median(runs),
        rollbackRuns: runs,
      });
    } finally {
      await h.stop();
    }
  }
  if (opts.json) console.log(JSON.stringify(rows));
  else console.log(table(rows, o));
  return rows;
}

function table(rows: BenchRow[], o: { durationS: number; connections: number; rate: number }): string {
  const head = [
    "system",
    "req/s",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "errors",
    "rollback",
    "rollback ms (median)",
  ];
  const body = rows.map((r) => [
    r.system,
    r.rps.toFixed(1),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    String(r.non2xx),
    String(r.errors),
    r.rollback,
    `${r.rollbackMs.toFixed(0)} (${r.rollbackRuns.map((x) => x.toFixed(0)).join(", ")})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  return [
    `load: ${o.rate} req/s offered over ${o.connections} connections for ${o.durationS} s, after a 2 s warm-up; node ${process.version}`,
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    ...hopCost(rows),
  ].join("\n");
}

/**
 * The gateway's stated cost, per task: its latency beside proposed's, the same two services without
 * the gateway in front, measured in the same run at the same offered load (a ratio survives a noisy
 * machine; an absolute time does not).
 */
export function hopCost(rows: BenchRow[]): string[] {
  const of = (system: string) => rows.find((r) => r.system === system);
  return rows
    .filter((r) => r.system.endsWith("/gateway"))
    .flatMap((g) => {
      const p = of(g.system.replace(/\/gateway$/, "/proposed"));
      if (!p) return [];
      return [
        `${g.system}: p50 ${g.p50Ms.toFixed(1)} ms vs proposed ${p.p50Ms.toFixed(1)} ms (x${(g.p50Ms / p.p50Ms).toFixed(2)}), p99 ${g.p99Ms.toFixed(1)} vs ${p.p99Ms.toFixed(1)} ms (x${(g.p99Ms / p.p99Ms).toFixed(2)})`,
      ];
    });
}
