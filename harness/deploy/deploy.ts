import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDataset } from "../../datasets/ensure.ts";
import { mapLimit, requestJson } from "../../systems/kit/http/client.ts";
import { type AliasMove, Registry, type Release } from "../../systems/kit/registry/index.ts";
import type { TrainVariant } from "../../systems/kit/release/train.ts";
import { modelRecord, type Row } from "../../systems/kit/task.ts";
import { getPattern } from "../../systems/patterns/index.ts";
import {
  type PatternDefinition,
  type PrepareContext,
  runFiles,
  type UnitConfig,
} from "../../systems/patterns/types.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { cacheDir, codeVersion, newRunDir } from "../paths.ts";
import { DeployError, freePort, UnitProcess } from "./process.ts";

export interface DeployOptions {
  system: string;
  runDir?: string;
  adminToken?: string;
  alertWebhook?: string | null;
  seed?: number;
  who?: string;
}

/** One replayed answer: the model's label, and the business decision where the unit makes one. */
export interface ReplayAnswer {
  /** The engine's answer: a class or cluster, or a regression's number. */
  label: string | number | null;
  decision: string | null;
  status: number;
}

export interface DeployResult {
  unit: string;
  move: AliasMove;
  /** From the decision to the new release serving: restart and readiness, or the alias move. */
  tookMs: number;
}

export function parseSystem(system: string): { task: string; pattern: string } {
  const [task, pattern, ...rest] = system.split("/");
  if (!task || !pattern || rest.length)
    throw new DeployError(`a system is <task>/<pattern>, e.g. classification/proposed (got '${system}')`);
  getTask(task);
  getPattern(pattern);
  return { task, pattern };
}

/**
 * A running system: its units as processes, its registry, and the two ways a release goes live
 * (restart the unit on it, or move the alias it serves). Which way is the pattern's choice per unit.
 */
export class SystemHandle {
  private constructor(
    readonly system: string,
    readonly pattern: PatternDefinition,
    readonly runDir: string,
    readonly adminToken: string,
    readonly registry: Registry,
    readonly units: Map<string, UnitProcess>,
    private readonly prepare: PrepareContext,
  ) {}

  /** Second instances serving a canary release, per unit that restarts to change release. */
  private readonly canaries = new Map<string, { proc: UnitProcess; release: number }>();

  static async start(opts: DeployOptions): Promise<SystemHandle> {
    const { task, pattern: patternName } = parseSystem(opts.system);
    const pattern = getPattern(patternName);
    // A dataset found by path is fetched (and checked) once on a machine that lacks it.
    await ensureDataset(getTask(task).dataset);
    const runDir = opts.runDir ?? newRunDir(opts.system);
    fs.mkdirSync(runDir, { recursive: true });
    const adminToken = opts.adminToken ?? randomBytes(18).toString("base64url");
    const registry = Registry.open(path.join(runDir, runFiles.registry));
    const ctx: PrepareContext = {
      task: getTask(task),
      runDir,
      cacheDir: cacheDir(),
      codeVersion: codeVersion(),
      registry,
      who: opts.who ?? "deploy",
    };
    await pattern.prepare(ctx);
    const units = new Map<string, UnitProcess>();
    const handle = new SystemHandle(opts.system, pattern, runDir, adminToken, registry, units, ctx);
    try {
      for (const spec of pattern.units) {
        const peers = Object.fromEntries(spec.needs.map((n) => [n, units.get(n)?.url ?? ""]));
        const config: UnitConfig = {
          system: opts.system,
          task,
          pattern: patternName,
          unit: spec.name,
          port: await freePort(),
          runDir,
          adminToken,
          alertWebhook: opts.alertWebhook ?? null,
          peers,
          seed: opts.seed ?? 1,
        };
        const proc = new UnitProcess(spec, config);
        units.set(spec.name, proc);
        await proc.start();
      }
    } catch (err) {
      await handle.stop();
      throw err;
    }
    return handle;
  }

  get unitNames(): string[] {
    return [...this.units.keys()];
  }

  url(unit: string): string {
    const u = this.units.get(unit);
    if (!u)
      throw new DeployError(
        `system ${this.system} has no unit '${unit}'; units: ${[...this.units.keys()].join(", ")}`,
      );
    return u.url;
  }

  get api(): string {
    return this.url(this.pattern.publicUnit);
  }

  get modelUnit(): string {
    return this.pattern.modelUnit;
  }

  releases(unit = this.modelUnit): { releases: Release[]; production: Release | null; moves: AliasMove[] } {
    return {
      releases: this.registry.list(unit),
      production: this.registry.alias(unit, "production"),
      moves: this.registry.moves(unit),
    };
  }

  /** Trains another release of the model unit from where the pattern keeps training data. */
  train(variant: TrainVariant): Promise<number> {
    return this.pattern.train(this.prepare, variant);
  }

  get logicUnit(): string {
    return this.pattern.logicUnit;
  }

  /** The last lines a unit wrote to its log. */
  logTail(unit: string, lines: number): string[] {
    const proc = this.units.get(unit);
    if (!proc || !fs.existsSync(proc.logFile)) return [];
    return fs.readFileSync(proc.logFile, "utf8").trimEnd().split("\n").slice(-lines);
  }

  /** Delivers rows to where the pattern keeps training data. */
  ingest(rows: Row[]): Promise<void> {
    return this.pattern.ingest(this.prepare, rows);
  }

  /** Releases a change set the pattern's way; returns what to deploy, in order. */
  releaseChangeSet(change: {
    variant: TrainVariant;
    logic: string | null;
  }): Promise<{ unit: string; release: number }[]> {
    return this.pattern.releaseChangeSet(this.prepare, change);
  }

  /** Registers a release of the logic unit running the named logic ("baseline" or a task regression). */
  releaseLogic(logic: string, note: string): Promise<number> {
    return this.pattern.releaseLogic(this.prepare, logic, note);
  }

  /** Sets (or clears, with null) the store fault on every unit that has a database fault hook. */
  async storeFault(fault: { delayMs: number; failRate: number } | null): Promise<string[]> {
    const hit: string[] = [];
    for (const [name, u] of this.units) {
      const res = await requestJson(`${u.url}/admin/faults/store`, {
        method: fault ? "PUT" : "DELETE",
        body: fault ?? undefined,
        token: this.adminToken,
      });
      if (res.status === 200) hit.push(name);
    }
    return hit;
  }

  /**
   * The operator's replay tool: answers recorded requests with release `number` of `unit`
   * without putting it into production. A unit served by alias keeps releases loaded and replays
   * in place; a unit that must be restarted to change release needs a side instance started on
   * that release (with a scratch database), exactly what a person would have to do.
   */
  async replay(unit: string, number: number, payloads: Record<string, unknown>[]): Promise<ReplayAnswer[]> {
    const proc = this.units.get(unit);
    if (!proc) throw new DeployError(`system ${this.system} has no unit '${unit}'`);
    this.registry.get(unit, number);
    const task = this.prepare.task;
    if (proc.spec.swap === "alias") {
      const records = payloads.map((p) => modelRecord(task, p));
      const res = await requestJson<{ predictions: { label: string | null; value: number | null }[] }>(
        `${proc.url}/admin/replay`,
        {
          body: { release: number, records },
          token: this.adminToken,
          timeoutMs: 60_000,
        },
      );
      if (res.status !== 200)
        throw new DeployError(`replay on '${unit}' failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.predictions.map((p) => ({ label: p.label ?? p.value, decision: null, status: 200 }));
    }
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-replay-"));
    const side = new UnitProcess(proc.spec, {
      ...proc.config,
      unit: `${unit}-replay`,
      port: await freePort(),
      alertWebhook: null,
      replay: { release: number, dbFile: path.join(scratch, "db.sqlite") },
    });
    try {
      await side.start();
      return await mapLimit(payloads, 4, async (p) => {
        const res = await requestJson<Record<string, unknown>>(`${side.url}${task.route}`, { body: p });
        const b = res.body ?? {};
        const str = (v: unknown) => (typeof v === "string" ? v : null);
        const answer = b[task.answer.label];
        return {
          label: typeof answer === "number" ? answer : str(answer),
          decision: str(b[task.answer.decision]),
          status: res.status,
        };
      });
    } finally {
      await side.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** Puts release `number` of `unit` into production, the pattern's way; returns how long it took. */
  async deploy(unit: string, number: number, by: { who: string; reason?: string }): Promise<DeployResult> {
    const proc = this.units.get(unit);
    if (!proc) throw new DeployError(`system ${this.system} has no unit '${unit}'`);
    this.registry.get(unit, number);
    const started = performance.now();
    if (proc.spec.swap === "alias") {
      const res = await requestJson<{ move: AliasMove }>(`${proc.url}/admin/aliases/production`, {
        body: { release: number, ...by },
        token: this.adminToken,
        timeoutMs: 60_000,
      });
      if (res.status !== 200)
        throw new DeployError(`alias move on '${unit}' failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { unit, move: res.body.move, tookMs: performance.now() - started };
    }
    const move = this.registry.moveAlias(unit, "production", number, by);
    await proc.stop();
    await proc.start();
    return { unit, move, tookMs: performance.now() - started };
  }

  /**
   * Comparative evaluation's canary: release `number` answers `fraction` of callers (split by
   * session) beside production. A unit served by alias splits in place; a unit that restarts to
   * change release gets what a three-layer team would run: a second instance on the canary release,
   * sharing the database, with the production instance forwarding the canary's share to it.
   */
  async canary(unit: string, number: number, fraction: number, by: { who: string; reason?: string }) {
    const proc = this.unit(unit);
    this.registry.get(unit, number);
    if (proc.spec.swap === "alias")
      return (
        await this.unitAdmin<{ move: AliasMove }>(proc, "/admin/canary", { release: number, fraction, ...by })
      ).move;
    if (this.canaries.has(unit)) throw new DeployError(`a canary of '${unit}' is already running`);
    const side = new UnitProcess(proc.spec, {
      ...proc.config,
      unit: `${unit}-canary`,
      port: await freePort(),
      replay: { release: number, dbFile: path.join(this.runDir, runFiles.db) },
    });
    await side.start();
    this.canaries.set(unit, { proc: side, release: number });
    await this.unitAdmin(proc, "/admin/canary", { url: side.url, fraction });
    return this.registry.moveAlias(unit, "canary", number, by);
  }

  /** Ends the canary: promote puts its release into production, abort sends every caller back. */
  async endCanary(unit: string, outcome: "promote" | "abort", by: { who: string; reason?: string }) {
    const proc = this.unit(unit);
    if (proc.spec.swap === "alias")
      return (await this.unitAdmin<{ move: AliasMove }>(proc, "/admin/canary/end", { outcome, ...by })).move;
    const running = this.canaries.get(unit);
    if (!running) throw new DeployError(`no canary of '${unit}' is running`);
    await this.unitAdmin(proc, "/admin/canary/end", {});
    await running.proc.stop();
    this.canaries.delete(unit);
    if (outcome === "promote") return (await this.deploy(unit, running.release, by)).move;
    const production = this.registry.alias(unit, "production");
    if (!production) throw new DeployError(`unit '${unit}' has no production release`);
    return this.registry.moveAlias(unit, "canary", production.number, by);
  }

  private unit(unit: string): UnitProcess {
    const proc = this.units.get(unit);
    if (!proc) throw new DeployError(`system ${this.system} has no unit '${unit}'`);
    return proc;
  }

  private async unitAdmin<T = unknown>(proc: UnitProcess, route: string, body: unknown): Promise<T> {
    const res = await requestJson<T>(`${proc.url}${route}`, {
      body,
      token: this.adminToken,
      timeoutMs: 60_000,
    });
    if (res.status !== 200)
      throw new DeployError(
        `${route} on '${proc.config.unit}' failed: ${res.status} ${JSON.stringify(res.body)}`,
      );
    return res.body;
  }

  /** Back to the release production pointed at before its last move. */
  async rollback(unit: string, by: { who: string; reason?: string }): Promise<DeployResult> {
    const last = this.registry
      .moves(unit)
      .filter((m) => m.alias === "production")
      .at(-1);
    if (!last || last.from === null)
      throw new DeployError(`unit '${unit}' has no earlier production release to roll back to`);
    return this.deploy(unit, last.from, by);
  }

  async stop(): Promise<void> {
    for (const c of this.canaries.values()) await c.proc.stop();
    // Public unit first, so nothing calls a unit that is already gone.
    for (const u of [...this.units.values()].reverse()) await u.stop();
    this.registry.close();
  }
}
