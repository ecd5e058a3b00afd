/**
 * A scripted participant runs a real drill in Chromium on each pattern: waits for the alert,
 * finds the release that went out, submits a diagnosis, rolls back through the console and
 * answers the questionnaire. The journal must read like a trial by a person, and nothing the
 * browser received may name the fault, the scenario or the ground truth.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JournalRecord } from "../../systems/kit/protocol/index.ts";
import { alive } from "../deploy/system-suite.ts";
import { repoRoot } from "../paths.ts";
import { loadScenario } from "../scenario/index.ts";
import { browserMissing, launchBrowser } from "../testing/browser.ts";
import { readJournal } from "../trial/journal.ts";
import { startDrill } from "./start.ts";

const scenarioFile = path.join(repoRoot, "scenarios", "classification", "release-logic.yaml");
const shots = "/tmp/drill-shots";

type Of<T extends JournalRecord["type"]> = Extract<JournalRecord, { type: T }>;
const all = <T extends JournalRecord["type"]>(rs: JournalRecord[], t: T) =>
  rs.filter((r): r is Of<T> => r.type === t);

describe.each(["proposed", "three-layer"])(
  "[process] a human drill on classification/%s in a browser",
  (pattern) => {
    it.skipIf(browserMissing)(
      "lets a participant find the alert, diagnose, roll back and answer, and journals it without leaking the fault",
      async () => {
        const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-"));
        const drill = await startDrill({
          system: `classification/${pattern}`,
          scenarioFile,
          participant: "p1",
          team: "team-1",
          seed: 11,
          outDir,
          lingerMs: 0,
          timeLimitMs: 240_000,
          questionnaireTimeoutMs: 120_000,
        });
        const browser = await launchBrowser();
        const bodies: Promise<string>[] = [];
        try {
          const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
          page.on("response", (r) => bodies.push(r.text().catch(() => "")));
          await page.goto(drill.url);
          expect(page.url()).not.toContain("token");
          // Deploying (and on proposed, training the bad release) is not the participant's time.
          await page.locator("#phase", { hasText: "preparing the system" }).waitFor({ timeout: 30_000 });
          expect(await page.textContent("#elapsed")).toBe("not started");
          for (const control of ["#rb-go", "#diagnosis button", "#logs-show", "#rp-go", "#end"])
            expect(await page.locator(control).isDisabled()).toBe(true);
          await page.locator("#phase", { hasText: "running" }).waitFor({ timeout: 240_000 });
          await page.locator("#alerts tr.firing").first().waitFor({ timeout: 120_000 });
          // What went out? The rollback button says what it would do once production has moved. A
          // logic release, so the participant's rollback is the path in both patterns (a model release
          // goes by canary in proposed, and its judge may take it back before anyone can).
          const logic = pattern === "proposed" ? "logic" : "app";
          await page.selectOption("#rb-unit", logic);
          const words = new RegExp(`^Roll back: redeploy ${logic} release \\d+ in place of release \\d+$`);
          await page.locator("#rb-go", { hasText: words }).waitFor({ timeout: 120_000 });
          await page.selectOption("#rel-unit", logic);
          await page.click("#rel-show");
          await page.locator("#releases table").first().waitFor();
          await page.locator("#charts .chart").first().waitFor({ timeout: 30_000 });
          // The participant's form: keyboard-reachable, real labels.
          await page.getByLabel("Part at fault").selectOption("logic");
          await page.getByLabel("Cause").selectOption("release");
          await page.getByLabel("Second guess").selectOption("ml/release");
          await page.getByLabel("Why (free text)").fill("decisions changed right after a new logic release");
          await page.getByLabel("Why (free text)").press("Tab");
          await page.keyboard.press("Tab");
          await page.keyboard.press("Tab");
          await page.keyboard.press("Enter");
          await page.locator("#diag-status", { hasText: "Diagnosis submitted" }).waitFor();
          await page.screenshot({ path: path.join(shots, `${pattern}-live.png`), fullPage: true });
          await page.click("#rb-go");
          await page.locator("#phase", { hasText: "ended" }).waitFor({ timeout: 120_000 });
          await page.locator("#questionnaire").waitFor({ state: "visible" });
          for (const [q, v] of [
            ["helped_identify", 4],
            ["helped_rollback", 5],
            ["would_adopt", 3],
          ] as const)
            await page.check(`input[name=${q}][value="${v}"]`);
          await page.fill("#q-comment", "clear enough");
          await page.screenshot({ path: path.join(shots, `${pattern}-questionnaire.png`), fullPage: true });
          await page.click("#q-form button[type=submit]");
          const { summary, dir, pids } = await drill.done;

          const rs = readJournal(path.join(dir, "journal.jsonl")).records;
          const began = summary.fault_begins_ms ?? Number.POSITIVE_INFINITY;
          const diagnosis = all(rs, "diagnosis");
          const rollback = all(rs, "rollback").at(-1);
          const actions = all(rs, "action");
          const [drillRecord] = all(rs, "drill");
          expect(drillRecord).toMatchObject({ participant: "p1", team: "team-1", time_limit_ms: 240_000 });
          // The drill starts with the traffic, after the system was deployed and prepared.
          const sent = all(rs, "request").map((r) => r.sent_ms);
          expect(sent).toContain(drillRecord.at_ms);
          expect(drillRecord.at_ms).toBeLessThanOrEqual(Math.min(...sent) + 1000);
          for (const s of all(rs, "step").filter((x) =>
            /^(deploy|prepare |steady state before)/.test(x.name),
          ))
            expect(s.end_ms).toBeLessThanOrEqual(drillRecord.at_ms);
          expect(diagnosis.length).toBe(1);
          expect(diagnosis[0].ranked.map((s) => `${s.part}/${s.cause}`)).toEqual([
            "logic/release",
            "ml/release",
          ]);
          expect(diagnosis[0].at_ms).toBeGreaterThan(began);
          expect(rollback?.decision_ms).toBeGreaterThanOrEqual(diagnosis[0].at_ms);
          // The rollback is verified by the probe after it returned.
          expect(summary.verified_ms).toBeGreaterThanOrEqual(rollback?.done_ms ?? Infinity);
          const at = actions.map((a) => a.at_ms);
          expect(at).toEqual([...at].sort((a, b) => a - b));
          expect(actions.map((a) => a.action)).toEqual(
            expect.arrayContaining(["open", "releases", "diagnosis", "rollback", "questionnaire"]),
          );
          expect(all(rs, "questionnaire")[0]).toMatchObject({
            helped_identify: 4,
            helped_rollback: 5,
            would_adopt: 3,
            comment: "clear enough",
          });
          expect(summary).toMatchObject({
            operator: "human",
            fault: "release.logic",
            ac1: 1,
            ac3: 1,
            rollback_ok: true,
            steady_after: true,
            failed_steps: [],
          });
          expect(summary.ttd_ms).toBeGreaterThanOrEqual(0);
          expect(summary.ttl_ms).toBeGreaterThan(0);
          expect(summary.ttr_ms).toBeGreaterThan(0);

          // Nothing the browser saw names the fault, the scenario or the truth.
          const { title } = loadScenario(scenarioFile).scenario;
          const seen = [...(await Promise.all(bodies)), await page.content()].join("\n").toLowerCase();
          for (const secret of [
            "release.logic",
            "release-logic",
            title.toLowerCase(),
            "truth",
            "injection",
            "label noise",
            "labelnoise",
          ])
            expect(seen).not.toContain(secret);
          expect(pids.filter(alive)).toEqual([]);
        } finally {
          await browser.close();
          drill.operator.stop();
          await drill.done.catch(() => undefined);
        }
      },
      600_000,
    );
  },
);
