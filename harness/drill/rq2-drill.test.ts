/**
 * The Section 5 drill with a person at the console (driven here through the operator's own
 * methods, which the console's routes call): the participant watches v2 go out, may not roll back
 * before the business asks, rolls the inference engine back when asked, and the drill ends once the
 * probe passes on v1; then the questionnaire.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { alive } from "../deploy/system-suite.ts";
import { repoRoot } from "../paths.ts";
import { readJournal } from "../trial/journal.ts";
import { MESSAGES } from "./human-options.ts";
import { startDrill } from "./start.ts";

const scenarioFile = path.join(repoRoot, "scenarios", "classification", "release-model.yaml");

async function until<T>(get: () => Promise<T>, ok: (x: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const x = await get();
    if (ok(x) || Date.now() > end) return x;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("[process] a human RQ2 drill on classification/proposed", () => {
  it("asks the participant to roll the engine back once v2 is out, and journals their rollback as the drill's", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "rq2-drill-"));
    const drill = await startDrill({
      system: "classification/proposed",
      scenarioFile,
      participant: "p1",
      seed: 5,
      outDir,
      rq2: true,
      lingerMs: 0,
      timeLimitMs: 240_000,
      questionnaireTimeoutMs: 60_000,
    });
    const { operator } = drill;
    const live = await until(
      () => operator.state(),
      (s) => s.phase === "running",
      240_000,
    );
    expect(live.message).toBe(MESSAGES.rq2Live);
    // Before the business asks, a rollback is refused (v2 is still going out) and the refusal is logged.
    await expect(operator.rollback("bundle")).rejects.toThrow(MESSAGES.rq2Early);
    const asked = await until(
      () => operator.state(),
      (s) => s.message.startsWith("The business goes back to the initial data"),
      240_000,
    );
    expect(asked.message).toContain("roll the inference engine (bundle");
    await operator.rollback("bundle");
    await until(
      async () => operator.phase,
      (p) => p === "ended",
      120_000,
    );
    await operator.answer({ helped_identify: 4, helped_rollback: 5, would_adopt: 4, comment: "" });
    const { summary, pids } = await drill.done;
    const records = readJournal(path.join(outDir, "journal.jsonl")).records;
    expect(records[0]).toMatchObject({ type: "trial", kind: "rq2", operator: "human" });
    const ask = records.find((r) => r.type === "phase" && r.name === "rollback-asked");
    const rollback = records.find((r) => r.type === "rollback");
    expect(ask).toBeDefined();
    // The participant's rollback is the drill's: decided after the ask, the model unit, verified on v1.
    expect(rollback).toMatchObject({ unit: "bundle", ok: true });
    if (ask?.type === "phase" && rollback?.type === "rollback")
      expect(rollback.decision_ms).toBeGreaterThan(ask.at_ms);
    expect(records.some((r) => r.type === "action" && r.action === "rollback" && r.ok === false)).toBe(true);
    expect(summary.rollback_ok).toBe(true);
    expect(summary.improvement_lost).toBe(false);
    expect(records.some((r) => r.type === "questionnaire")).toBe(true);
    expect(pids.filter(alive)).toEqual([]);
  }, 600_000);
});
