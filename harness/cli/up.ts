import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { initBackend } from "../../systems/kit/engine/index.ts";
import { type ArmFactors, parseJsonAs, type UpInfo, upInfoSchema } from "../../systems/kit/protocol/index.ts";
import { ControlPlane } from "../deploy/control.ts";
import { SystemHandle } from "../deploy/deploy.ts";
import { modeOf, resolveServices } from "../deploy/services.ts";
import { home } from "../paths.ts";
import type { ServicesFlags } from "./options.ts";

export type { UpInfo } from "../../systems/kit/protocol/index.ts";

const stateDir = () => path.join(home(), "up");
const stateFile = (system: string) => path.join(stateDir(), `${system.replace("/", "-")}.json`);

/** Starts a system with its control plane; returns what `up --json` prints and a stop function. */
export async function startUp(
  system: string,
  opts: { seed?: number } & ArmFactors & ServicesFlags = {},
): Promise<{ info: UpInfo; stop(): Promise<void> }> {
  const adminToken = randomBytes(18).toString("base64url");
  const services = await resolveServices(modeOf(opts), { mysql: opts.mysql });
  const control = new ControlPlane(adminToken);
  const controlUrl = await control.start();
  let handle: SystemHandle;
  try {
    handle = await SystemHandle.start({
      system,
      adminToken,
      alertWebhook: control.webhookUrl,
      seed: opts.seed,
      deploy: opts.deploy,
      observability: opts.observability,
      services: services.services,
      who: "archdrill up",
    });
  } catch (err) {
    await control.stop();
    await services.stop();
    throw err;
  }
  control.attach(handle);
  const units = Object.fromEntries(handle.unitNames.map((name) => [name, handle.url(name)]));
  const info: UpInfo = {
    system,
    // A pattern may serve the page from a unit of its own; its API stays where clients call it.
    ui: `${handle.url(handle.pattern.uiUnit ?? handle.pattern.publicUnit)}/`,
    api: handle.api,
    openapi: `${handle.api}/openapi.json`,
    metrics: Object.values(units).map((u) => `${u}/metrics`),
    alerts: `${controlUrl}/alerts`,
    admin: `${controlUrl}/admin`,
    adminToken,
    units,
    backend: await initBackend(),
    runDir: handle.runDir,
    pid: process.pid,
  };
  return {
    info,
    async stop() {
      await handle.stop();
      await control.stop();
      await services.stop();
    },
  };
}

/** `archdrill up`: start, print, write the state file `down` reads, and run until interrupted; resolves once stopped. */
export async function up(
  system: string,
  opts: { json: boolean; seed?: number } & ArmFactors & ServicesFlags,
): Promise<void> {
  const { info, stop } = await startUp(system, opts);
  fs.mkdirSync(stateDir(), { recursive: true });
  fs.writeFileSync(stateFile(system), JSON.stringify(info));
  if (opts.json) process.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    process.stdout.write(
      [
        `${system} is up (run dir ${info.runDir})`,
        `  ui       ${info.ui}`,
        `  api      ${info.openapi}`,
        `  metrics  ${info.metrics.join(" ")}`,
        `  alerts   ${info.alerts}`,
        `  admin    ${info.admin} (token ${info.adminToken})`,
        `  engine   TF.js on ${info.backend}`,
        "Ctrl-C or `archdrill down` stops it.",
        "",
      ].join("\n"),
    );
  }
  // Runs until SIGINT or SIGTERM, then stops the units, clears the state file and returns. The listeners stay
  // until then, so a second signal does not cut the stop short.
  let onSignal = () => {};
  const signalled = new Promise<void>((resolve) => {
    onSignal = () => resolve();
  });
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await signalled;
    await stop();
    fs.rmSync(stateFile(system), { force: true });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `archdrill down [system]`: asks each `up` process to stop, and waits until it has. */
export async function down(system?: string): Promise<string[]> {
  if (!fs.existsSync(stateDir())) return [];
  const files = system
    ? [stateFile(system)].filter((f) => fs.existsSync(f))
    : fs.readdirSync(stateDir()).map((f) => path.join(stateDir(), f));
  const stopped: string[] = [];
  for (const file of files) {
    const info = parseJsonAs(upInfoSchema, fs.readFileSync(file, "utf8"), file);
    if (alive(info.pid)) {
      process.kill(info.pid, "SIGTERM");
      const deadline = Date.now() + 20_000;
      while (alive(info.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (alive(info.pid)) process.kill(info.pid, "SIGKILL");
    }
    fs.rmSync(file, { force: true });
    stopped.push(info.system);
  }
  return stopped;
}
