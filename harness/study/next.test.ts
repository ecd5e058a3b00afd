/**
 * `study next` end to end: it starts the team's first unfinished drill of the plan as a real drill
 * (system, traffic, console), which ends at its time limit when nobody acts, and then moves on.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { until } from "../deploy/system-suite.ts";
import { readJournal } from "../trial/journal.ts";
import { studyCommand } from "./command.ts";
import { drillDirOf, readPlan } from "./file.ts";
import { drilledArm } from "./plan.ts";

const pick = <T, K extends keyof T>(o: T, ...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "study-next-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("[process] archdrill study next", () => {
  it("runs the team's first drill, journals it as a human drill of that team, and counts it done", async () => {
    const plan = path.join(tmp, "plan.yaml");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await studyCommand("plan", { teams: 2, tasks: ["classification"], kinds: ["release"], out: plan });
      const first = readPlan(plan).teams[0].drills[0];
      log.mockClear();
      // Nobody operates: the drill ends at its time limit (12 s of traffic); then a participant
      // answers the three questions through the console's API, and the drill finishes its journal.
      const next = studyCommand("next", {
        plan,
        team: "team-1",
        participant: "p1",
        minutes: 0.2,
        json: true,
      });
      await until("the console URL", async () => log.mock.calls[0]?.[0], 60_000);
      const { console: url } = JSON.parse(String(log.mock.calls[0][0])) as { console: string };
      const token = new URL(url).searchParams.get("token");
      const api = (route: string) => `${new URL(url).origin}${route}?token=${token}`;
      await until(
        "the drill's end",
        async () => ((await (await fetch(api("/api/state"))).json()).phase === "ended" ? true : undefined),
        180_000,
      );
      const answer = await fetch(api("/api/questionnaire"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          helped_identify: 2,
          helped_rollback: 3,
          would_adopt: 4,
          comment: "nothing to see",
        }),
      });
      expect(answer.status).toBe(200);
      expect(await next).toBe(0);
      const { records } = readJournal(path.join(drillDirOf(plan, "team-1", first), "journal.jsonl"));
      const trial = records.find((r) => r.type === "trial");
      const drill = records.find((r) => r.type === "drill");
      const summary = records.at(-1);
      expect(trial?.type === "trial" && trial.system).toBe(`classification/${first.pattern}`);
      // The drill runs the planned arm: its monitoring and deploy strategy, not only its pattern.
      expect(trial).toMatchObject({ arm: first.arm, ...pick(drilledArm(first), "observability", "deploy") });
      expect(drill).toMatchObject({ team: "team-1", participant: "p1" });
      expect(summary?.type === "summary" && summary.summary).toMatchObject({
        operator: "human",
        ttl_ms: null,
      });
      log.mockClear();
      await studyCommand("status", { plan, json: true });
      expect(JSON.parse(String(log.mock.calls[0][0]))[0]).toEqual({ team: "team-1", done: 1, drills: 2 });
    } finally {
      log.mockRestore();
    }
  }, 240_000);
});
