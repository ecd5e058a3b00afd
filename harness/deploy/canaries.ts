import type { z } from "zod";
import {
  ALIASES,
  type AliasMove,
  aliasMoveReplySchema,
  canaryForwardReplySchema,
  canaryMoveReplySchema,
  canaryStatusSchema,
  type UnitReleases,
} from "../../systems/kit/protocol/index.ts";
import { DeployError, freePort, UnitProcess } from "./process.ts";

type By = { who: string; reason?: string };

/** What the canaries need of the system handle (its admin calls and deploys). */
export interface CanaryHost {
  dbFile(): string;
  unit(unit: string): UnitProcess;
  admin<S extends z.ZodType>(
    unit: string,
    route: string,
    schema: S,
    init?: { body?: unknown; method?: string },
  ): Promise<z.infer<S>>;
  checkRelease(unit: string, number: number): Promise<void>;
  releases(unit: string): Promise<UnitReleases>;
  deploy(unit: string, number: number, by: By): Promise<{ move: AliasMove }>;
}

/**
 * Comparative evaluation's canary: release `number` answers `fraction` of callers (split by
 * session) beside production. A unit served by alias splits in place; a unit that restarts to
 * change release gets what a three-layer team would run: a second instance on the canary release,
 * sharing the database, with the production instance forwarding the canary's share to it.
 */
export class Canaries {
  /** Second instances serving a canary release, per unit that restarts to change release. */
  private readonly side = new Map<string, { proc: UnitProcess; release: number }>();

  constructor(private readonly host: CanaryHost) {}

  async start(unit: string, number: number, fraction: number, by: By): Promise<AliasMove> {
    const { host } = this;
    const proc = host.unit(unit);
    if (proc.spec.swap === "alias")
      return (
        await host.admin(unit, "/canary", canaryMoveReplySchema, {
          body: { release: number, fraction, ...by },
        })
      ).move;
    if (this.side.has(unit)) throw new DeployError(`a canary of '${unit}' is already running`);
    await host.checkRelease(unit, number);
    const side = new UnitProcess(proc.spec, {
      ...proc.config,
      unit: `${unit}-canary`,
      port: await freePort(),
      replay: { release: number, dbFile: host.dbFile() },
    });
    await side.start();
    this.side.set(unit, { proc: side, release: number });
    await host.admin(unit, "/canary", canaryForwardReplySchema, { body: { url: side.url, fraction } });
    return (
      await host.admin(unit, `/aliases/${ALIASES.canary}`, aliasMoveReplySchema, {
        body: { release: number, ...by },
      })
    ).move;
  }

  /** The release a running canary of the unit serves, or null when none runs. */
  async live(unit: string): Promise<number | null> {
    const { host } = this;
    if (host.unit(unit).spec.swap !== "alias") return this.side.get(unit)?.release ?? null;
    const status = await host.admin(unit, "/canary", canaryStatusSchema);
    return status?.release ?? null;
  }

  /** Ends the canary: promote puts its release into production, abort sends every caller back. */
  async end(unit: string, outcome: "promote" | "abort", by: By): Promise<AliasMove> {
    const { host } = this;
    if (host.unit(unit).spec.swap === "alias")
      return (await host.admin(unit, "/canary/end", canaryMoveReplySchema, { body: { outcome, ...by } }))
        .move;
    const running = this.side.get(unit);
    if (!running) throw new DeployError(`no canary of '${unit}' is running`);
    // Forgotten first, so a second end while this one stops the instance finds none running.
    this.side.delete(unit);
    await host.admin(unit, "/canary/end", canaryForwardReplySchema, { body: {} });
    await running.proc.stop();
    if (outcome === "promote") return (await host.deploy(unit, running.release, by)).move;
    const production = (await host.releases(unit)).production;
    if (!production) throw new DeployError(`unit '${unit}' has no production release`);
    return (
      await host.admin(unit, `/aliases/${ALIASES.canary}`, aliasMoveReplySchema, {
        body: { release: production.number, ...by },
      })
    ).move;
  }

  async stop(): Promise<void> {
    for (const c of this.side.values()) await c.proc.stop();
  }
}
