import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { median } from "simple-statistics";
import { initialSplit } from "../../systems/kit/split.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { patterns } from "../../systems/patterns/index.ts";
import { getTask, tasks } from "../../systems/tasks/index.ts";
import { SystemHandle } from "../deploy/deploy.ts";
import { codeVersion } from "../paths.ts";
import { startBare } from "./bare.ts";
import { benchHtml, benchText } from "./bench-report.ts";
import { type PacedResult, pacedLoad } from "./paced.ts";

export interface BenchOptions {
  /** Seconds of each load (each connection count, each rate). */
  durationS?: number;
  /** Closed-loop connection counts for the maximum throughput. */
  connections?: number[];
  /** Offered rates (req/s) of the evenly paced open-loop client. */
  rates?: number[];
  /** The paced rate under which rollbacks are timed. */
  rollbackRate?: number;
  rollbacks?: number;
  systems?: string[];
  /** Folder for bench.json and bench.html; none: print only. */
  out?: string;
  json?: boolean;
}

export interface ClosedLoad {
  connections: number;
  rps: number;
  p50Ms: number;
  non2xx: number;
  errors: number;
}

/** One subject: a system, or a task's bare baseline (node:http and the same release's predict). */
export interface Subject {
  name: string;
  task: string;
  /** The release's digest: the baseline serves the digest its task's systems serve. */
  digest: string;
  closed: ClosedLoad[];
  maxRps: number;
  paced: Omit<PacedResult, "samples">[];
}

export interface RollbackRun {
  tookMs: number;
  sent: number;
  /** Requests under the load that failed (not 2xx or no answer). */
  failed: number;
}

export interface SystemBench extends Subject {
  pattern: string;
  rollback: { how: string; rate: number; medianMs: number; failed: number; runs: RollbackRun[] };
}

export interface BenchFile {
  at: string;
  /** The commit benched (with +dirty when the checkout had changes). */
  commit?: string;
  node: string;
  cpus: string;
  cores: number;
  durationS: number;
  connections: number[];
  rates: number[];
  baselines: Subject[];
  systems: SystemBench[];
}

export const BENCH_DEFAULTS = { durationS: 5, connections: [1, 8, 32], rates: [20, 200], rollbackRate: 200 };

type Load = Required<Pick<BenchOptions, "durationS" | "connections" | "rates">>;

/** The task's held-out rows as request bodies, the same for a system and its bare baseline. */
const bodiesOf = (task: TaskDefinition) =>
  initialSplit(task).heldOut.map((r, i) => JSON.stringify(task.toRequest(r, i)));

async function closedLoad(
  url: string,
  requests: autocannon.Request[],
  connections: number,
  durationS: number,
) {
  // Closed loop: each connection sends its next request when the last is answered, so the
  // throughput is the most the system gives; its latencies are not used (they omit queueing).
  const r = await autocannon({ url, connections, duration: durationS, requests });
  return { connections, rps: r.requests.average, p50Ms: r.latency.p50, non2xx: r.non2xx, errors: r.errors };
}

async function measure(url: string, route: string, bodies: string[], o: Load) {
  const requests = bodies.map((body) => ({
    method: "POST" as const,
    path: route,
    headers: { "content-type": "application/json" },
    body,
  }));
  await closedLoad(url, requests, 4, 2); // warm-up: JIT, connections, caches
  const closed: ClosedLoad[] = [];
  for (const c of o.connections) closed.push(await closedLoad(url, requests, c, o.durationS));
  const paced: Omit<PacedResult, "samples">[] = [];
  for (const rate of o.rates)
    paced.push(await pacedLoad({ url: `${url}${route}`, bodies }, { rate, durationS: o.durationS }));
  return { closed, maxRps: Math.max(...closed.map((c) => c.rps)), paced };
}

/** Deploys a second release, then times rollbacks to the first while users keep sending. */
async function rollbackUnderLoad(
  h: SystemHandle,
  route: string,
  bodies: string[],
  rate: number,
  times: number,
) {
  const task = getTask(h.system.split("/")[0]);
  const second = await h.train({ seed: task.seed + 1, note: "bench: second release" });
  const runs: RollbackRun[] = [];
  for (let i = 0; i < times; i++) {
    await h.deploy(h.modelUnit, second, { who: "bench", reason: "release" });
    const load = pacedLoad({ url: `${h.api}${route}`, bodies }, { rate, durationS: 3 });
    await new Promise((r) => setTimeout(r, 1000));
    const { tookMs } = await h.rollback(h.modelUnit, { who: "bench", reason: "rollback under load" });
    const r = await load;
    runs.push({ tookMs, sent: r.sent, failed: r.sent - r.ok });
  }
  const swap = h.units.get(h.modelUnit)?.spec.swap;
  return {
    how: swap === "alias" ? `move ${h.modelUnit} alias` : `redeploy ${h.modelUnit}`,
    rate,
    medianMs: median(runs.map((r) => r.tookMs)),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    runs,
  };
}

/**
 * Throughput, latency and rollback of every system and of each task's bare baseline, one subject at
 * a time so none shares the cores with another.
 */
export async function bench(opts: BenchOptions = {}): Promise<BenchFile> {
  const o: Load = {
    durationS: opts.durationS ?? BENCH_DEFAULTS.durationS,
    connections: opts.connections ?? BENCH_DEFAULTS.connections,
    rates: opts.rates ?? BENCH_DEFAULTS.rates,
  };
  const names = opts.systems ?? tasks.names.flatMap((t) => patterns.names.map((p) => `${t}/${p}`));
  const file: BenchFile = {
    at: new Date().toISOString(),
    commit: codeVersion(),
    node: process.version,
    cpus: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    ...o,
    baselines: [],
    systems: [],
  };
  const releaseOf = new Map<string, { path: string; digest: string }>();
  for (const system of names) {
    const [taskName, pattern] = system.split("/");
    const task = getTask(taskName);
    const bodies = bodiesOf(task);
    const h = await SystemHandle.start({ system, who: "bench" });
    try {
      const production = (await h.releases()).production;
      if (!production) throw new Error(`${system} has no production release`);
      if (!releaseOf.has(taskName)) releaseOf.set(taskName, production);
      const m = await measure(h.api, task.route, bodies, o);
      const rollback = await rollbackUnderLoad(
        h,
        task.route,
        bodies,
        opts.rollbackRate ?? BENCH_DEFAULTS.rollbackRate,
        opts.rollbacks ?? 3,
      );
      file.systems.push({ name: system, task: taskName, pattern, digest: production.digest, ...m, rollback });
    } finally {
      await h.stop();
    }
    console.error(`bench: ${system} done`);
  }
  for (const [taskName, release] of releaseOf) {
    const task = getTask(taskName);
    const bodies = bodiesOf(task);
    const bare = await startBare(taskName, release.path);
    try {
      const m = await measure(bare.url, task.route, bodies, o);
      file.baselines.push({ name: `${taskName}/bare`, task: taskName, digest: release.digest, ...m });
    } finally {
      await bare.stop();
    }
  }
  if (opts.out) {
    fs.mkdirSync(opts.out, { recursive: true });
    fs.writeFileSync(path.join(opts.out, "bench.json"), `${JSON.stringify(file, null, 2)}\n`);
    fs.writeFileSync(path.join(opts.out, "bench.html"), benchHtml(file));
  }
  console.log(opts.json ? JSON.stringify(file) : benchText(file));
  return file;
}
