import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { studyCommand } from "./command.ts";
import { readPlan } from "./file.ts";

describe("archdrill study and drill commands", () => {
  it("writes a plan, reports its order balance, and lists every team's progress", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "study-cmd-")), "plan.yaml");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(
        await studyCommand("plan", { teams: 2, tasks: ["classification", "regression"], out, json: true }),
      ).toBe(0);
      expect(JSON.parse(String(log.mock.calls[0][0]))).toEqual({
        plan: out,
        teams: 2,
        balance: {
          classification: { proposed: 1, "three-layer": 1 },
          regression: { proposed: 1, "three-layer": 1 },
        },
      });
      expect(readPlan(out).teams).toHaveLength(2);
      expect(await studyCommand("status", { plan: out, json: true })).toBe(0);
      expect(JSON.parse(String(log.mock.calls[1][0]))).toEqual([
        { team: "team-1", done: 0, drills: 4 },
        { team: "team-2", done: 0, drills: 4 },
      ]);
      await expect(studyCommand("next", { plan: out, team: "team-9" })).rejects.toThrow(
        "--team: no team 'team-9' in",
      );
    } finally {
      log.mockRestore();
    }
  });

  it("names the missing flag or subcommand", async () => {
    await expect(studyCommand("plan", { tasks: ["classification"], out: "x.yaml" })).rejects.toThrow(
      "study plan needs --teams N",
    );
    await expect(studyCommand("plan", { teams: 2, out: "x.yaml" })).rejects.toThrow("needs --tasks a,b");
    await expect(studyCommand("plan", { teams: 2, tasks: ["classification"] })).rejects.toThrow(
      "needs --out",
    );
    await expect(studyCommand("next", { team: "team-1" })).rejects.toThrow("study next needs --plan");
    await expect(studyCommand(undefined, {})).rejects.toThrow("plan, next or status");
  });
});
