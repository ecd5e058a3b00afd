/**
 * The behaviour every system must show, whatever its pattern: one suite, run against each system
 * as real processes on loopback. Pattern-specific checks live in the pattern's own test file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { callJson, requestJson } from "../../systems/kit/http/client.ts";
import {
  alertListSchema,
  errorBodySchema,
  parseAs,
  rejectedReplySchema,
  systemReplySchema,
  unitReleasesSchema,
} from "../../systems/kit/protocol/index.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import type { TaskDefinition } from "../../systems/kit/task.ts";
import { getPattern } from "../../systems/patterns/index.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { startUp, type UpInfo } from "../cli/up.ts";
import { browserMissing, launchBrowser } from "../testing/browser.ts";
import { until as waitUntil } from "../trial/until.ts";

export interface Running {
  info: UpInfo;
  stop(): Promise<void>;
}

/** The harness's one wait (trial/until.ts), failing the test with what it waited for when the time runs out. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const got = await waitUntil(probe, { timeoutMs });
  if (got === undefined) throw new Error(`timed out waiting for ${what}`);
  return got;
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function rejectedCount(info: UpInfo): Promise<number> {
  let total = 0;
  for (const url of Object.values(info.units)) {
    const res = await requestJson(`${url}/admin/rejected`, { token: info.adminToken });
    if (res.status === 200) total += parseAs(rejectedReplySchema, res.body, "rejected records").count;
  }
  return total;
}

/** The first numeric model field with an upper bound: the one the bad-input checks break. */
export function boundedField(task: TaskDefinition): { field: string; max: number } {
  for (const f of task.modelFields) {
    const spec = task.contract.fields[f];
    if ((spec?.type === "number" || spec?.type === "integer") && spec.max !== undefined)
      return { field: f, max: spec.max };
  }
  throw new Error(`task ${task.name} has no bounded numeric model field`);
}

export function describeSystem(system: string, extra?: (get: () => Running) => void): void {
  describe(`[process] ${system}`, () => {
    const task = getTask(system.split("/")[0]);
    const pattern = getPattern(system.split("/")[1]);
    const { heldOut } = initialSplit(task);
    const bounded = boundedField(task);
    let sys: Running;
    let pids: number[] = [];
    const admin = (path: string, body?: unknown) =>
      requestJson(`${sys.info.admin}${path}`, { body, token: sys.info.adminToken, timeoutMs: 120_000 });

    beforeAll(async () => {
      sys = await startUp(system);
      const units = parseAs(systemReplySchema, (await admin("/system")).body, "the system");
      pids = units.units.flatMap((u) => (u.pid === null ? [] : [u.pid]));
    });
    afterAll(async () => {
      await sys?.stop();
      expect(pids.filter(alive)).toEqual([]);
    });

    it("passes the task's scenario tests", async () => {
      const results = await task.scenarioTests({ api: sys.info.api, heldOut });
      for (const r of results) expect(r, r.detail).toMatchObject({ passed: true });
    });

    it("answers contract-breaking requests with a 4xx naming field and rule, and keeps every rejected record", async () => {
      const before = await rejectedCount(sys.info);
      const good = task.toRequest(heldOut[0], 0);
      const f = bounded.field;
      const { [f]: value, ...renamed } = good as Record<string, unknown>;
      const bad = [
        { body: { ...renamed, [`${f}_renamed`]: value }, field: f, rule: "required" },
        { body: { ...good, [f]: String(value) }, field: f, rule: "type" },
        { body: { ...good, [f]: bounded.max + 1 }, field: f, rule: "max" },
      ];
      for (const b of bad) {
        const res = await requestJson(`${sys.info.api}${task.route}`, { body: b.body });
        expect(res.status).toBe(422);
        expect(parseAs(errorBodySchema, res.body, "a 422").error.violations).toContainEqual(
          expect.objectContaining({ field: b.field, rule: b.rule }),
        );
      }
      await until("the rejected records to be kept", async () =>
        (await rejectedCount(sys.info)) >= before + 3 ? true : undefined,
      );
    });

    it("raises a schema alert that reaches the operator's alert list", async () => {
      const alert = await until("a SchemaViolation alert", async () => {
        const { alerts } = await callJson(alertListSchema, sys.info.alerts);
        return alerts.find(
          (a) => a.labels.alertname === "SchemaViolation" && a.labels.feature === bounded.field,
        );
      });
      expect(alert.labels).toMatchObject({ system, anomaly: "schema", boundary: "request" });
      expect(alert.status).toBe("firing");
    });

    it("exposes Prometheus metrics on every unit, labelled with system and unit", async () => {
      for (const url of sys.info.metrics) {
        const res = await requestJson(url);
        expect(res.status).toBe(200);
        expect(String(res.body)).toContain("archdrill_http_requests_total");
        expect(String(res.body)).toContain(`system="${system}"`);
      }
    });

    it("serves its UI page from its ui unit (else its public one) and an OpenAPI document of its public API", async () => {
      expect(sys.info.ui).toBe(`${sys.info.units[pattern.uiUnit ?? pattern.publicUnit]}/`);
      const page = await fetch(sys.info.ui);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<form");
      const docSchema = z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) });
      const doc = await callJson(docSchema, sys.info.openapi);
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toContain(task.route);
      // The page's origin answers for the API too, whichever unit serves the page.
      expect(await callJson(docSchema, new URL("/openapi.json", sys.info.ui).href)).toEqual(doc);
    });

    it.skipIf(browserMissing)(
      "answers from its UI page in a real browser, and shows a broken field by name",
      async () => {
        const browser = await launchBrowser();
        const probe = task.uiProbe;
        try {
          const page = await browser.newPage();
          await page.goto(sys.info.ui);
          await page.waitForSelector(probe.ready, { state: "attached" });
          // The page shows what the API answered to the page's own request.
          const [response] = await Promise.all([
            page.waitForResponse((r) => new URL(r.url()).pathname === task.route),
            page.click("button[type=submit]"),
          ]);
          const api = (await response.json()) as Record<string, unknown>;
          expect(response.status()).toBe(200);
          expect(new URL(response.url()).origin).toBe(new URL(sys.info.ui).origin);
          const decision = await page.locator(probe.decision).textContent({ timeout: 10_000 });
          expect(decision).toBe(String(api[task.answer.decision]));
          expect(await page.locator(probe.label).textContent()).toBe(String(api[task.answer.label]));
          await page.fill(`#${bounded.field}`, String(bounded.max + 100));
          await page.click("button[type=submit]");
          expect(await page.locator("#error").textContent({ timeout: 10_000 })).toContain(bounded.field);
        } finally {
          await browser.close();
        }
      },
    );

    it("puts a new model release into production and rolls it back, logging both moves", async () => {
      const answer = async () =>
        (
          await callJson(z.object({ release: z.string() }), `${sys.info.api}${task.route}`, {
            body: task.toRequest(heldOut[1], 1),
          })
        ).release;
      const releases = async () => parseAs(unitReleasesSchema, (await admin("/releases")).body, "releases");
      const first = await answer();
      const listed = await releases();
      const second = listed.releases.length + 1;
      // A second release is trained by the harness from where the pattern keeps its training data.
      const trained = await admin("/train", { seed: task.seed + 1 });
      expect(trained.status).toBe(200);
      expect(trained.body).toMatchObject({ release: second });
      expect((await admin("/deploy", { release: second, who: "test", reason: "new release" })).status).toBe(
        200,
      );
      const during = await answer();
      expect(during).not.toBe(first);
      const back = await admin("/rollback", { who: "test", reason: "roll back" });
      expect(back.status).toBe(200);
      expect(await answer()).toBe(first);
      const { moves } = await releases();
      expect(moves.slice(-2)).toEqual([
        expect.objectContaining({ from: listed.production?.number, to: second, who: "test" }),
        expect.objectContaining({ from: second, to: listed.production?.number, who: "test" }),
      ]);
    });

    extra?.(() => sys);
  });
}
