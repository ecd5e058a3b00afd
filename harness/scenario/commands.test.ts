import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { minimalScenario } from "./fixture.ts";

const bin = path.join(repoRoot, "bin", "archdrill.js");
const exec = promisify(execFile);
const run = (...args: string[]) => exec(process.execPath, [bin, ...args], { cwd: repoRoot });

describe("[process] archdrill scenarios and validate", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("validate prints ok with the title of a valid file", async () => {
    const { stdout } = await run("validate", "scenarios/classification/release-model.yaml");
    expect(stdout.trim()).toBe("ok: A worse model release goes out (label noise upstream)");
  });

  it("validate exits 1 with the sentence naming the key on stderr", async () => {
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, minimalScenario.replace("rate: 30, ", ""));
    await expect(run("validate", file)).rejects.toMatchObject({
      code: 1,
      stderr: `${file}: key 'timeline.rate' is required (line 3)\n`,
    });
  });

  it("scenarios --json lists every shipped file with file, title, task and fault", async () => {
    const { stdout } = await run("scenarios", "--json", "--task", "classification");
    const entries = JSON.parse(stdout) as { file: string; title: string; task: string; fault: string }[];
    expect(entries.length).toBe(fs.readdirSync(path.join(repoRoot, "scenarios", "classification")).length);
    expect(entries).toContainEqual(
      expect.objectContaining({
        file: "scenarios/classification/trend-covariate.yaml",
        title: "A heat wave (covariate shift, synthetic)",
        task: "classification",
        fault: "trend.covariate",
      }),
    );
  });

  it("scenarios prints a table and fails on an unknown task with the known ones", async () => {
    const { stdout } = await run("scenarios");
    expect(stdout).toMatch(
      /scenarios\/classification\/infra-db\.yaml\s+infra\.db\s+infra\/infrastructure\s+The database/,
    );
    await expect(run("scenarios", "--task", "weather")).rejects.toMatchObject({
      stderr: expect.stringContaining("unknown task 'weather'; known: chatbot, classification"),
    });
  });
});
