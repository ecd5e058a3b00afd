/**
 * A matrix over BullMQ workers survives a worker's SIGKILL: the coordinator and two workers share
 * a queue on Redis; one worker is killed inside a trial; its cell goes back to the queue and the
 * run still ends with every trial exactly once, both arms of each cell on one worker, and the same
 * per-trial figures counted in requests as the same matrix on one worker. Starts real systems
 * (short scenarios, four trials per run).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../deploy/system-suite.ts";
import { archdrill, processesUsing, requestsIn, shortScenario } from "../testing/cli-process.ts";
import { redisAvailable, testRedis } from "../testing/redis.ts";
import { readJournal } from "../trial/journal.ts";
import { readManifest } from "./manifest.ts";
import { cellOf } from "./queue.ts";
import { journalOf, readPlan } from "./run-dir.ts";

const available = await redisAvailable();
let tmp: string;
let scenario: string;

/** Every trial journal under a worker's work dir, with its request count. */
function journalsUnder(dir: string): { file: string; requests: number }[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith("journal.jsonl"))
    .map((f) => path.join(dir, f))
    .map((file) => ({ file, requests: requestsIn(file) }));
}

/** Per trial, the figures counted in requests and whether it has exactly one summary. */
function requestFigures(dir: string) {
  return readPlan(dir).trials.map((t) => {
    const { records } = readJournal(journalOf(dir, t.id));
    const found = records.filter((r) => r.type === "summary");
    expect(found, t.id).toHaveLength(1);
    const s = found[0].type === "summary" ? found[0].summary : null;
    return {
      id: t.id,
      sent: records.filter((r) => r.type === "request").length,
      ttd_requests: s?.ttd_requests,
    };
  });
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-queue-"));
  scenario = shortScenario(tmp);
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!available)("[queue] a matrix over BullMQ workers", () => {
  it("ends with every trial once after a worker is killed mid-trial, and counts as one worker does", async () => {
    const queue = `${testRedis}?name=archdrill-test-${process.pid}-${Date.now()}`;
    const matrix = ["--tasks", "classification", "--scenarios", scenario, "--seeds", "2"];
    const runDir = path.join(tmp, "two-workers");
    const coordinator = archdrill(["run", ...matrix, "--queue", queue, "--out", runDir]);
    const work = (name: string) => path.join(tmp, name);
    const a = archdrill(["worker", "--queue", queue, "--work-dir", work("a")]);
    const b = archdrill(["worker", "--queue", queue, "--work-dir", work("b")]);

    // Kill whichever worker first has a trial under traffic.
    const victim = await until(
      "a worker's trial under traffic",
      async () => {
        for (const [w, name] of [
          [a, "a"],
          [b, "b"],
        ] as const)
          if (journalsUnder(work(name)).some((j) => j.requests > 30)) return { w, name };
        return undefined;
      },
      240_000,
    );
    victim.w.child.kill("SIGKILL");
    expect((await victim.w.done).code).toBeNull();
    // Its trial and units notice their channel closed and stop.
    await until(
      "no process of the killed worker",
      async () => (processesUsing(work(victim.name)).length === 0 ? true : undefined),
      20_000,
    );

    const run = await coordinator.done;
    expect(run.code, run.err).toBe(0);
    const survivor = victim.name === "a" ? b : a;
    survivor.child.kill("SIGTERM");
    expect((await survivor.done).code).toBe(0);

    const plan = readPlan(runDir);
    expect(plan.trials).toHaveLength(4);
    const workers = readManifest(runDir).workers ?? {};
    expect(Object.keys(workers).sort()).toEqual(plan.trials.map((t) => t.id).sort());
    // Both arms of a cell ran on one worker, and nothing the dead worker was running was kept.
    for (const t of plan.trials) {
      const twin = plan.trials.find((x) => x.id !== t.id && cellOf(x) === cellOf(t));
      expect(twin && workers[twin.id].pid).toBe(workers[t.id].pid);
    }

    const oneDir = path.join(tmp, "one-worker");
    const one = archdrill(["run", ...matrix, "--queue", queue, "--out", oneDir]);
    const single = archdrill(["worker", "--queue", queue, "--work-dir", work("single"), "--cells", "2"]);
    expect((await one.done).code).toBe(0);
    expect((await single.done).code).toBe(0);
    const sorted = (xs: { id: string }[]) => [...xs].sort((x, y) => x.id.localeCompare(y.id));
    expect(sorted(requestFigures(runDir))).toEqual(sorted(requestFigures(oneDir)));
    expect(processesUsing(tmp)).toEqual([]);
  }, 900_000);
});
