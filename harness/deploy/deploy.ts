import fs from "node:fs";
import type { z } from "zod";
import { callJson } from "../../systems/kit/http/client.ts";
import {
  ALIASES,
  type AliasMove,
  aliasMoveReplySchema,
  changeSetReplySchema,
  type DeployStrategy,
  type HeadFit,
  headsReplySchema,
  type InferenceFaultPatch,
  ingestReplySchema,
  type Observability,
  type Row,
  releaseReplySchema,
  releasesReplySchema,
  replayReplySchema,
  type TrainVariant,
  type UnitReleases,
} from "../../systems/kit/protocol/index.ts";
import { Canaries } from "./canaries.ts";

export { parseSystem, trainingSeed } from "./system-name.ts";

import { prepareSystem, type Services, unitConfigOf } from "./prepare.ts";
import { type ReplayAnswer, replayOnSide } from "./side-replay.ts";

export type { ReplayAnswer } from "./side-replay.ts";

import { FaultHooks } from "./fault-hooks.ts";

export type { UnitReleases } from "../../systems/kit/protocol/index.ts";

import { modelRecord } from "../../systems/kit/task.ts";
import type { PatternDefinition, UnitConfig } from "../../systems/patterns/types.ts";
import { storeUrl } from "../../systems/patterns/types.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { batchesUnder } from "./batches.ts";
import { UnitFront } from "./front.ts";
import { DeployError, freePort, startWaves, UnitProcess } from "./process.ts";

export interface DeployOptions {
  system: string;
  runDir?: string;
  adminToken?: string;
  alertWebhook?: string | null;
  seed?: number;
  who?: string;
  /** How units that restart to change release are replaced (default restart). */
  deploy?: DeployStrategy;
  /** Services mode: the systems' databases on this MySQL/MariaDB server (a URL); absent: SQLite files. */
  services?: Services;
  /** Which monitors the units run (default distributed). */
  observability?: Observability;
}

/** One replayed answer: the model's label, and the business decision where the unit makes one. */
export interface DeployResult {
  unit: string;
  move: AliasMove;
  /** From the decision to the new release serving: restart and readiness, or the alias move. */
  tookMs: number;
}

/** The largest admin body the harness sends: under the units' 256 KB limit with room to spare. */
const MAX_ADMIN_BODY = 200_000;

/**
 * A running system as an orchestrator and an operator see it: its units as processes, and
 * everything else through the units' admin APIs over HTTP (releases, alias moves, the release
 * pipeline, replays, canaries, fault hooks). The harness never opens a system's files. How a new
 * release goes live is the pattern's choice per unit: a unit serving by alias swaps in place; any
 * other unit has the move logged and is restarted on it.
 */
export class SystemHandle {
  private constructor(
    readonly system: string,
    readonly pattern: PatternDefinition,
    readonly runDir: string,
    readonly adminToken: string,
    readonly units: Map<string, UnitProcess>,
    readonly strategy: DeployStrategy,
  ) {}

  /** Blue-green: the load balancer in front of each unit that restarts to change release. */
  private readonly fronts = new Map<string, UnitFront>();

  private readonly canaries = new Canaries({
    dbFile: () => storeUrl({ runDir: this.runDir, database: this.database }),
    unit: (u) => this.unit(u),
    admin: (u, route, schema, init) => this.admin(u, route, schema, init),
    checkRelease: (u, n) => this.checkRelease(u, n),
    releases: (u) => this.releases(u),
    deploy: (u, n, by) => this.deploy(u, n, by),
  });
  /** Restarts in progress: a unit's admin API answers again once its restart is done. */
  private readonly restarting = new Map<string, Promise<void>>();
  /** The faults set inside the units, given again to any unit that starts while they are. */
  private hooks?: FaultHooks;
  private get faults(): FaultHooks {
    this.hooks ??= new FaultHooks(this.adminToken);
    return this.hooks;
  }
  /** Deploys in progress per unit (the alias move and any restart). */
  private readonly deploying = new Map<string, Promise<unknown>>();
  /** Side instances started for the operator's replays (a unit that restarts to change release). */
  sideSystems = 0;

  /** Services mode: the system's database URL (kept on the server after stop, as a run's SQLite file is). */
  private database: string | null = null;

  static async start(opts: DeployOptions): Promise<SystemHandle> {
    const { task, pattern, runDir, adminToken, shared } = await prepareSystem(opts);
    const units = new Map<string, UnitProcess>();
    const strategy = opts.deploy ?? "restart";
    const handle = new SystemHandle(opts.system, pattern, runDir, adminToken, units, strategy);
    handle.database = shared.database;
    try {
      // Units whose peers are up start together: a unit waits only for the units it calls.
      for (const wave of startWaves(pattern.units)) {
        const procs: UnitProcess[] = [];
        for (const spec of wave) {
          const peers = Object.fromEntries(spec.needs.map((n) => [n, handle.url(n)]));
          const config: UnitConfig = {
            ...unitConfigOf(opts, { task, adminToken, shared }),
            unit: spec.name,
            port: await freePort(),
            peers,
          };
          const proc = new UnitProcess(spec, config);
          units.set(spec.name, proc);
          procs.push(proc);
        }
        await Promise.all(
          procs.map(async (proc) => {
            await proc.start();
            if (strategy === "blue-green" && proc.spec.swap === "restart")
              handle.fronts.set(proc.spec.name, await UnitFront.start(0, proc.config.port));
          }),
        );
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

  /** Where callers reach a unit: its load balancer under blue-green, else the unit itself. */
  url(unit: string): string {
    return this.fronts.get(unit)?.url ?? this.unit(unit).url;
  }

  get api(): string {
    return this.url(this.pattern.publicUnit);
  }

  get modelUnit(): string {
    return this.pattern.modelUnit;
  }

  get logicUnit(): string {
    return this.pattern.logicUnit;
  }

  /** An admin call to a unit, waiting first for a restart of it in progress. */
  private async admin<S extends z.ZodType>(
    unit: string,
    route: string,
    schema: S,
    init: { body?: unknown; method?: string; timeoutMs?: number } = {},
  ): Promise<z.infer<S>> {
    await this.restarting.get(unit);
    return callJson(schema, `${this.url(unit)}/admin${route}`, {
      token: this.adminToken,
      timeoutMs: 60_000,
      ...init,
    });
  }

  /** Releases, production and the alias-move log of one unit, from its admin API. */
  async releases(unit = this.modelUnit): Promise<UnitReleases> {
    const r = await this.admin(unit, "/releases", releasesReplySchema);
    const production = r.aliases.find((a) => a.alias === ALIASES.production);
    return {
      releases: r.releases,
      production: r.releases.find((x) => x.number === production?.release) ?? null,
      moves: r.moves,
    };
  }

  /**
   * Every unit's releases by number and digest (what a run's manifest records), with what each
   * model release's head learned (what judging an answer right needs).
   */
  async releaseDigests(): Promise<
    Record<string, { number: number; digest: string; head: HeadFit | null }[]>
  > {
    const out: Record<string, { number: number; digest: string; head: HeadFit | null }[]> = {};
    for (const unit of this.units.keys()) {
      const { heads } = await this.admin(unit, "/heads", headsReplySchema);
      out[unit] = (await this.releases(unit)).releases.map((r) => ({
        number: r.number,
        digest: r.digest,
        head: heads.find((h) => h.number === r.number)?.head ?? null,
      }));
    }
    return out;
  }

  /** Trains another release of the model unit from where the pattern keeps training data. */
  async train(variant: TrainVariant): Promise<number> {
    const reply = await this.admin(this.pattern.pipelineUnit, "/pipeline/train", releaseReplySchema, {
      body: { variant },
      timeoutMs: 20 * 60_000,
    });
    return reply.release.number;
  }

  /** Delivers rows to where the pattern keeps training data, in batches the unit accepts. */
  async ingest(rows: Row[]): Promise<void> {
    for (const batch of batchesUnder(rows, MAX_ADMIN_BODY))
      await this.admin(this.pattern.pipelineUnit, "/pipeline/data", ingestReplySchema, {
        body: { rows: batch },
      });
  }

  /** Releases a change set the pattern's way; returns what to deploy, in order. */
  async releaseChangeSet(change: {
    variant: TrainVariant;
    logic: string | null;
  }): Promise<{ unit: string; release: number }[]> {
    const reply = await this.admin(this.pattern.pipelineUnit, "/pipeline/change-set", changeSetReplySchema, {
      body: change,
      timeoutMs: 20 * 60_000,
    });
    return reply.releases.map((r) => ({ unit: r.unit, release: r.number }));
  }

  /** Registers a release of the logic unit running the named logic ("baseline" or a task regression). */
  async releaseLogic(logic: string, note: string): Promise<number> {
    const reply = await this.admin(this.pattern.pipelineUnit, "/pipeline/logic", releaseReplySchema, {
      body: { logic, note },
    });
    return reply.release.number;
  }

  /** The last lines a unit wrote to its log (its stdout and stderr, which the orchestrator keeps). */
  logTail(unit: string, lines: number): string[] {
    const proc = this.units.get(unit);
    if (!proc || !fs.existsSync(proc.logFile)) return [];
    return fs.readFileSync(proc.logFile, "utf8").trimEnd().split("\n").slice(-lines);
  }

  /** Sets (or clears, with null) the store fault on every unit that has a database fault hook. */
  storeFault(fault: { delayMs: number; failRate: number } | null): Promise<string[]> {
    return this.faults.setStore(this.units, fault);
  }

  /** Sets stages of the inference fault hook on every unit (only units that vectorize or infer feel it). */
  inferenceFault(fault: InferenceFaultPatch): Promise<string[]> {
    return this.faults.patchInference(this.units, fault);
  }

  private async checkRelease(unit: string, number: number): Promise<void> {
    const { releases } = await this.releases(unit);
    if (!releases.some((r) => r.number === number))
      throw new DeployError(
        `unit '${unit}' has no release ${number}; releases: ${releases.map((r) => r.number).join(", ")}`,
      );
  }

  /**
   * The operator's replay tool: answers recorded requests with release `number` of `unit`
   * without putting it into production. A unit served by alias keeps releases loaded and replays
   * in place; a unit that must be restarted to change release needs a side instance started on
   * that release (with a scratch database), exactly what a person would have to do.
   */
  async replay(unit: string, number: number, payloads: Record<string, unknown>[]): Promise<ReplayAnswer[]> {
    const proc = this.unit(unit);
    const task = getTask(proc.config.task);
    if (proc.spec.swap === "alias") {
      const reply = await this.admin(unit, "/replay", replayReplySchema, {
        body: { release: number, records: payloads.map((p) => modelRecord(task, p)) },
      });
      return reply.predictions.map((p) => ({ label: p.label ?? p.value, decision: null, status: 200 }));
    }
    await this.checkRelease(unit, number);
    this.sideSystems++;
    return replayOnSide(proc, number, payloads);
  }

  /** Resolves once no deploy of `unit` is in progress (at once when none is). */
  async settled(unit: string): Promise<void> {
    for (let d = this.deploying.get(unit); d; d = this.deploying.get(unit)) await d.catch(() => undefined);
  }

  /** Puts release `number` of `unit` into production, the pattern's way; returns how long it took. */
  deploy(unit: string, number: number, by: { who: string; reason?: string }): Promise<DeployResult> {
    const going = this.deployNow(unit, number, by);
    this.deploying.set(unit, going);
    return going.finally(() => {
      if (this.deploying.get(unit) === going) this.deploying.delete(unit);
    });
  }

  private async deployNow(
    unit: string,
    number: number,
    by: { who: string; reason?: string },
  ): Promise<DeployResult> {
    const proc = this.unit(unit);
    const started = performance.now();
    const reply = await this.admin(unit, `/aliases/${ALIASES.production}`, aliasMoveReplySchema, {
      body: { release: number, ...by },
    });
    if (reply.effective === "on-restart") await this.replace(unit, proc);
    return { unit, move: reply.move, tookMs: performance.now() - started };
  }

  private replace(unit: string, proc: UnitProcess): Promise<void> {
    const front = this.fronts.get(unit);
    return front ? this.blueGreen(unit, proc, front) : this.restart(unit, proc);
  }

  /**
   * The new instance starts beside the old one (sharing its database, as two app servers behind
   * one balancer do), the balancer switches to it once it is ready, and the old one stops after
   * answering what it was sent. `tookMs` of the deploy ends at the switch plus the drain.
   */
  private async blueGreen(unit: string, blue: UnitProcess, front: UnitFront): Promise<void> {
    const green = new UnitProcess(blue.spec, { ...blue.config, port: await freePort() });
    await green.start();
    await this.faults.reapply(green.url);
    front.switchTo(green.config.port);
    this.units.set(unit, green);
    await front.drained(blue.config.port);
    await blue.stop();
  }

  private async restart(unit: string, proc: UnitProcess): Promise<void> {
    const done = (async () => {
      await proc.stop();
      await proc.start();
      await this.faults.reapply(proc.url);
    })();
    this.restarting.set(unit, done);
    try {
      await done;
    } finally {
      this.restarting.delete(unit);
    }
  }

  /** Comparative evaluation's canary (see Canaries): release `number` answers `fraction` of callers. */
  canary(unit: string, number: number, fraction: number, by: { who: string; reason?: string }) {
    return this.canaries.start(unit, number, fraction, by);
  }

  /** The release a running canary of the unit serves, or null when none runs. */
  liveCanary(unit: string): Promise<number | null> {
    return this.canaries.live(unit);
  }

  /** Ends the canary: promote puts its release into production, abort sends every caller back. */
  endCanary(unit: string, outcome: "promote" | "abort", by: { who: string; reason?: string }) {
    return this.canaries.end(unit, outcome, by);
  }

  private unit(unit: string): UnitProcess {
    const proc = this.units.get(unit);
    if (!proc)
      throw new DeployError(
        `system ${this.system} has no unit '${unit}'; units: ${[...this.units.keys()].join(", ")}`,
      );
    return proc;
  }

  /** Back to the release production pointed at before its last move. */
  async rollback(unit: string, by: { who: string; reason?: string }): Promise<DeployResult> {
    const last = (await this.releases(unit)).moves.filter((m) => m.alias === ALIASES.production).at(-1);
    if (!last || last.from === null)
      throw new DeployError(`unit '${unit}' has no earlier production release to roll back to`);
    return this.deploy(unit, last.from, by);
  }

  async stop(): Promise<void> {
    for (const f of this.fronts.values()) await f.close();
    await this.canaries.stop();
    // Public unit first, so nothing calls a unit that is already gone.
    for (const u of [...this.units.values()].reverse()) await u.stop();
  }
}
