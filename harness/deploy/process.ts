import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { UnitConfig, UnitSpec } from "../../systems/patterns/types.ts";

const tsxLoader = import.meta.resolve("tsx");

export class DeployError extends Error {
  override name = "DeployError";
}

/** A free loopback port, chosen once per unit so a restarted unit comes back on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * ARCHDRILL_CPU_PROF=<dir>: every unit writes a V8 CPU profile there when it stops (node refuses
 * --cpu-prof in NODE_OPTIONS), so where a unit's time goes can be read after a bench or a trial.
 */
function profileArgs(): string[] {
  const dir = process.env.ARCHDRILL_CPU_PROF;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * One unit as a child process in its own process group, with an IPC channel: the unit exits when
 * the channel closes, so it dies with its parent even when the parent is killed with SIGKILL.
 */
export class UnitProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly logFile: string;

  constructor(
    readonly spec: UnitSpec,
    readonly config: UnitConfig,
  ) {
    this.logFile = path.join(config.runDir, "logs", `${spec.name}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.config.port}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
    const out = fs.openSync(this.logFile, "a");
    const child = spawn(process.execPath, [...profileArgs(), "--import", tsxLoader, this.spec.entry], {
      env: { ...process.env, ARCHDRILL_UNIT: JSON.stringify(this.config) },
      stdio: ["ignore", out, out, "ipc"],
      detached: true,
    });
    fs.closeSync(out);
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    // Ready is an event, not a poll: the unit says so on its IPC channel once it listens and has
    // warmed its outbound paths (kit/http/main.ts), or it exits, or the time runs out.
    const outcome = await new Promise<"ready" | "exited" | "timeout">((resolve) => {
      const timer = setTimeout(() => resolve("timeout"), timeoutMs);
      const done = (o: "ready" | "exited" | "timeout") => {
        clearTimeout(timer);
        resolve(o);
      };
      child.on("message", (m) => {
        if ((m as { listening?: unknown })?.listening === true) done("ready");
      });
      child.once("exit", () => done("exited"));
    });
    if (outcome === "ready") return;
    if (outcome === "exited")
      throw new DeployError(
        `unit '${this.spec.name}' exited with code ${child.exitCode ?? child.signalCode} while starting:\n${tail(this.logFile)}`,
      );
    await this.stop();
    throw new DeployError(
      `unit '${this.spec.name}' was not ready within ${timeoutMs} ms:\n${tail(this.logFile)}`,
    );
  }

  /** SIGTERM to the unit's process group, SIGKILL if it has not exited after graceMs. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, s);
      } catch {
        // Already gone.
      }
    };
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
    if (child.connected) child.disconnect();
    this.child = null;
  }
}

/**
 * A pattern's units in start order, as waves: every unit of a wave needs only units of earlier
 * waves, so a wave's units start at once; units keep their declared order within a wave.
 */
export function startWaves<U extends { name: string; needs: string[] }>(units: U[]): U[][] {
  const started = new Set<string>();
  const waves: U[][] = [];
  let left = [...units];
  while (left.length > 0) {
    const wave = left.filter((u) => u.needs.every((n) => started.has(n)));
    if (wave.length === 0)
      throw new DeployError(
        `units ${left.map((u) => u.name).join(", ")} need each other or a unit the pattern lacks`,
      );
    waves.push(wave);
    for (const u of wave) started.add(u.name);
    left = left.filter((u) => !wave.includes(u));
  }
  return waves;
}
