import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { requestJson } from "../systems/kit/http/client.ts";
import type { UpInfo } from "./cli/up.ts";
import { alive, until } from "./deploy/system-suite.ts";
import { cacheDir, repoRoot } from "./paths.ts";

const bin = path.join(repoRoot, "bin", "archdrill.js");
// A home of its own, so 'down' here never stops a system someone else brought up; the release cache is shared.
const env = {
  ...process.env,
  ARCHDRILL_HOME: fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-cli-")),
  ARCHDRILL_CACHE: cacheDir(),
};
const exec = promisify(execFile);
const run = (cmd: string, args: string[]) => exec(cmd, args, { env });

/** Starts `archdrill up --json` and resolves with the one line it prints once the system is ready. */
function up(system: string): Promise<{ child: ChildProcess; info: UpInfo }> {
  const child = spawn(process.execPath, [bin, "up", system, "--json"], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d) => {
      err += d;
    });
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve({ child, info: JSON.parse(out.split("\n")[0]) as UpInfo });
    });
    child.once("exit", (code) => reject(new Error(`up exited with ${code} before it was ready: ${err}`)));
  });
}

async function unitPids(info: UpInfo): Promise<number[]> {
  const res = await requestJson<{ units: { pid: number }[] }>(`${info.admin}/system`, {
    token: info.adminToken,
  });
  return res.body.units.map((u) => u.pid);
}

describe("[process] the archdrill CLI", () => {
  it("prints help naming every command", async () => {
    const { stdout } = await run(process.execPath, [bin, "--help"]);
    for (const c of [
      "up",
      "down",
      "systems",
      "bench",
      "run",
      "report",
      "compare",
      "trial",
      "scenarios",
      "validate",
    ])
      expect(stdout).toContain(`  ${c}`);
  });

  it("prints the experiment's plan with --dry-run: the quick matrix is four trials, patterns side by side", async () => {
    const { stdout } = await run(process.execPath, [bin, "run", "--quick", "--dry-run"]);
    const ids = stdout
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/)[1]);
    expect(ids).toHaveLength(4);
    expect(ids.map((id) => id.split(".")[2])).toEqual([
      "schema-rename",
      "schema-rename",
      "release-model",
      "release-model",
    ]);
  });

  it("refuses a report of a directory that holds no run, naming it", async () => {
    const missing = path.join(os.tmpdir(), "archdrill-no-such-run");
    const err = await run(process.execPath, [bin, "report", missing]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toContain(missing);
  });

  it("lists both patterns of the classification system with their units", async () => {
    const { stdout } = await run(process.execPath, [bin, "systems"]);
    expect(stdout).toMatch(/classification\/three-layer\s+units: app \(public\)/);
    expect(stdout).toMatch(/classification\/proposed\s+units: bundle, collector, logic \(public\)/);
  });

  it("fails with the list of known names on an unknown system", async () => {
    await expect(run(process.execPath, [bin, "up", "classification/microservices"])).rejects.toMatchObject({
      stderr: expect.stringContaining("known: three-layer, proposed"),
    });
  });

  it("asks for a system and a scenario when a trial is started without them", async () => {
    await expect(
      run(process.execPath, [bin, "trial", "--system", "classification/proposed"]),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("trial needs --system <task>/<pattern> and --scenario <file>"),
    });
  });

  it("brings a system up with one JSON line once ready, and 'down' stops it and all its units", async () => {
    const { child, info } = await up("classification/proposed");
    for (const key of ["ui", "api", "openapi", "alerts", "admin"]) expect(info).toHaveProperty(key);
    expect(info.metrics).toHaveLength(3);
    expect(["wasm", "tfjs-node"]).toContain(info.backend);
    expect((await fetch(info.ui)).status).toBe(200);
    const pids = await unitPids(info);
    const exited = new Promise((r) => child.once("exit", r));
    const { stdout } = await run(process.execPath, [bin, "down", "classification/proposed"]);
    expect(stdout).toContain("stopped classification/proposed");
    await exited;
    await until("the units to exit", async () => (pids.some(alive) ? undefined : true));
  });

  it("leaves no orphan when the up process is killed with SIGKILL", async () => {
    const { child, info } = await up("classification/three-layer");
    const pids = await unitPids(info);
    expect(pids.every(alive)).toBe(true);
    child.kill("SIGKILL");
    await until("the units to notice their parent died", async () => (pids.some(alive) ? undefined : true));
    await run(process.execPath, [bin, "down"]); // clears the stale state file
  });
});
