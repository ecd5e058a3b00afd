import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { callJson } from "../systems/kit/http/client.ts";
import { seed } from "./cli/options.ts";
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
/** Runs archdrill expecting it to fail; resolves with the exit code and stderr. */
const refused = (args: string[]) =>
  run(process.execPath, [bin, ...args]).then(
    ({ stdout }) => {
      throw new Error(`archdrill ${args.join(" ")} succeeded: ${stdout}`);
    },
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
/** The long flags of a help text's Options section, in order. */
const optionFlags = (help: string) =>
  help
    .split("Options:\n")[1]
    .split("\n\n")[0]
    .split("\n")
    .map((l) => l.match(/^ {2}(?:-\w, )?(--[\w-]+)/)?.[1])
    .filter(Boolean);

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

const SystemReply = z.object({ units: z.array(z.object({ pid: z.number() })) });

async function unitPids(info: UpInfo): Promise<number[]> {
  const res = await callJson(SystemReply, `${info.admin}/system`, { token: info.adminToken });
  return res.units.map((u) => u.pid);
}

describe("the shared option validators", () => {
  it("accepts 0 as a seed, and any non-negative integer", () => {
    expect(seed("0")).toBe(0);
    expect(seed("42")).toBe(42);
  });

  it("refuses a seed that is not a non-negative integer, naming the flag, the rule and the value", () => {
    for (const v of ["1.5", "-1", "x", ""])
      expect(() => seed(v)).toThrow(`--seed must be a non-negative integer (got '${v}')`);
  });
});

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

  it("prints the experiment's plan with --dry-run: the quick matrix is four trials, patterns side by side, then the RQ2 drills unless --no-rq2", async () => {
    const idsOf = (stdout: string) =>
      stdout
        .trim()
        .split("\n")
        .map((l) => l.trim().split(/\s+/)[1]);
    const ids = idsOf((await run(process.execPath, [bin, "run", "--quick", "--dry-run"])).stdout);
    expect(ids.map((id) => id.split(".")[2])).toEqual([
      "schema-rename",
      "schema-rename",
      "release-model",
      "release-model",
      "release-model",
      "release-model",
    ]);
    expect(ids.filter((id) => id.endsWith(".rq2"))).toHaveLength(2);
    const without = idsOf(
      (await run(process.execPath, [bin, "run", "--quick", "--no-rq2", "--dry-run"])).stdout,
    );
    expect(without).toEqual(ids.slice(0, 4));
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
    expect(stdout).toMatch(/classification\/proposed\s+units: bundle, collector, logic \(public\), ui/);
  });

  it("fails with the list of known names on an unknown system", async () => {
    await expect(run(process.execPath, [bin, "up", "classification/microservices"])).rejects.toMatchObject({
      stderr: expect.stringContaining("known: three-layer, proposed"),
    });
  });

  it("asks for a scenario when a trial is started without one, as a usage error", async () => {
    expect(await refused(["trial", "--system", "classification/proposed"])).toEqual({
      code: 2,
      stderr:
        "archdrill trial: required option '--scenario <file>' not specified (see archdrill trial --help)\n",
    });
  });

  it("refuses an unknown flag on trial with exit 2 and a message naming trial", async () => {
    expect(await refused(["trial", "--workers", "2"])).toEqual({
      code: 2,
      stderr: "archdrill trial: unknown option '--workers' (see archdrill trial --help)\n",
    });
  });

  it("refuses an unknown command with exit 2, listing the commands", async () => {
    const { code, stderr } = await refused(["deploy"]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "archdrill: unknown command 'deploy'; commands: up, down, systems, bench, run, worker, report, compare, pack, " +
        "trial, drill, study, scenarios, validate",
    );
  });

  it("refuses --seed 1.5 on up and on trial with the same validator message, before starting anything", async () => {
    const up = await refused(["up", "x", "--seed", "1.5"]);
    const trial = await refused(["trial", "--seed", "1.5"]);
    const message = "--seed must be a non-negative integer (got '1.5')";
    expect(up).toEqual({ code: 2, stderr: `archdrill up: ${message} (see archdrill up --help)\n` });
    expect(trial).toEqual({ code: 2, stderr: `archdrill trial: ${message} (see archdrill trial --help)\n` });
  });

  it("prints help and exits 2 when no command is given", async () => {
    const { code, stderr } = await refused([]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: archdrill <command> [options]");
  });

  it("lists exactly a command's own options in its help", async () => {
    const trial = await run(process.execPath, [bin, "trial", "--help"]);
    expect(optionFlags(trial.stdout)).toEqual([
      "--system",
      "--scenario",
      "--seed",
      "--deploy",
      "--observability",
      "--services",
      "--mysql",
      "--out",
      "--json",
      "--rq2",
      "--help",
    ]);
    const bench = await run(process.execPath, [bin, "bench", "--help"]);
    expect(optionFlags(bench.stdout)).toEqual([
      "--duration",
      "--connections",
      "--rates",
      "--rollback-rate",
      "--systems",
      "--out",
      "--json",
      "--help",
    ]);
    const plan = await run(process.execPath, [bin, "study", "plan", "--help"]);
    expect(optionFlags(plan.stdout)).toEqual([
      "--teams",
      "--tasks",
      "--out",
      "--seed",
      "--kinds",
      "--rq2",
      "--json",
      "--help",
    ]);
  });

  it("ends its help with the exit codes", async () => {
    const { stdout } = await run(process.execPath, [bin, "--help"]);
    const section = stdout.slice(stdout.indexOf("\nExit codes:\n"));
    expect(section).not.toBe(stdout);
    for (const code of ["0", "1", "2", "130"]) expect(section).toMatch(new RegExp(`\\n  ${code} +\\S`));
    expect(section.trimEnd().split("\n\n")).toHaveLength(1);
  });

  it("prints its version and commit with -v", async () => {
    const { stdout } = await run(process.execPath, [bin, "-v"]);
    expect(stdout).toMatch(/^archdrill@\d+\.\d+\.\d+\+\w+\n$/);
  });

  it("brings a system up with one JSON line once ready, and 'down' stops it and all its units", async () => {
    const { child, info } = await up("classification/proposed");
    for (const key of ["ui", "api", "openapi", "alerts", "admin"]) expect(info).toHaveProperty(key);
    expect(info.metrics).toHaveLength(4);
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
