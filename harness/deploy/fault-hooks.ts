/**
 * The faults the harness sets inside a system's processes through their admin fault hooks (the
 * store's delay and failures, the serving transform and the engine's outputs). A fault is a
 * condition of the system's environment, not of one process: a unit that starts while one is set
 * (a restart, a blue-green instance, a rollback) gets it too, so replacing a process never clears a
 * fault by itself, in any pattern or deploy strategy.
 */
import { requestJson } from "../../systems/kit/http/client.ts";
import type { InferenceFault, InferenceFaultPatch } from "../../systems/kit/protocol/index.ts";

type Store = { delayMs: number; failRate: number };

export class FaultHooks {
  private store: Store | null = null;
  private inference: InferenceFault = { processing: null, engine: null };

  constructor(private readonly adminToken: string) {}

  private async send(url: string, path: string, method: "PUT" | "DELETE", body?: unknown): Promise<boolean> {
    const res = await requestJson(`${url}/admin/faults/${path}`, { method, body, token: this.adminToken });
    return res.status === 200;
  }

  /** Sets (or clears, with null) the store fault on every unit; returns the units that have the hook. */
  async setStore(units: Map<string, { url: string }>, fault: Store | null): Promise<string[]> {
    this.store = fault;
    const hit: string[] = [];
    for (const [name, u] of units)
      if (await this.send(u.url, "store", fault ? "PUT" : "DELETE", fault ?? undefined)) hit.push(name);
    return hit;
  }

  /** Sets stages of the inference fault (null clears one) on every unit; returns the units that have the hook. */
  async patchInference(units: Map<string, { url: string }>, patch: InferenceFaultPatch): Promise<string[]> {
    this.inference = {
      processing: patch.processing === undefined ? this.inference.processing : patch.processing,
      engine: patch.engine === undefined ? this.inference.engine : patch.engine,
    };
    const hit: string[] = [];
    for (const [name, u] of units) if (await this.send(u.url, "inference", "PUT", patch)) hit.push(name);
    return hit;
  }

  /** Gives a unit that has just started the faults that are set. */
  async reapply(url: string): Promise<void> {
    if (this.store) await this.send(url, "store", "PUT", this.store);
    if (this.inference.processing || this.inference.engine)
      await this.send(url, "inference", "PUT", this.inference);
  }
}
