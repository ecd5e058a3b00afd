/**
 * The CLI as a process, for tests that run experiments end to end and kill parts of them: spawn
 * archdrill, find what a dead process left behind, count a journal's requests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../paths.ts";

export const bin = path.join(repoRoot, "bin", "archdrill.js");
export function archdrill(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; out: string; err: string }>;
} {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, out, err })),
  );
  return { child, done };
}

/** Processes whose command line or environment mentions dir: what a dead runner could leave. */
export function processesUsing(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const text = ["cmdline", "environ"]
        .map((f) => fs.readFileSync(`/proc/${pid}/${f}`, "latin1"))
        .join("\0");
      if (text.includes(dir)) found.push(pid);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

export const requestsIn = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, "utf8").split('"type":"request"').length - 1 : 0;

/** A shorter timeline of a real scenario (the fault and truth are the same), written into `dir`: quick trials. */
export function shortScenario(dir: string, requests = 240): string {
  const text = fs.readFileSync(path.join(repoRoot, "scenarios/classification/schema-rename.yaml"), "utf8");
  const file = path.join(dir, "schema-rename-short.yaml");
  fs.writeFileSync(file, text.replace("requests: 600", `requests: ${requests}`));
  return file;
}
