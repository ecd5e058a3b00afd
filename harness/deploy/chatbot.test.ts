/**
 * The chatbot's two data flows through its UI in a real browser, in every pattern: a predefined
 * question (answered from the FAQ database), a free question (through processing and the engine),
 * and the user's yes/no feedback, then found where the pattern keeps collected data.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callJson, requestJson } from "../../systems/kit/http/client.ts";
import { Lake } from "../../systems/kit/lake/index.ts";
import { systemReplySchema } from "../../systems/kit/protocol/index.ts";
import { openStore } from "../../systems/kit/store/index.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { startUp } from "../cli/up.ts";
import { browserMissing, launchBrowser } from "../testing/browser.ts";
import { alive, type Running, until } from "./system-suite.ts";

/** Feedback marked right, where the system keeps it: the lake behind its collector, else its database. */
async function storedYes(sys: Running): Promise<number> {
  const { info } = sys;
  if (!info.units.collector) {
    const store = openStore(path.join(info.runDir, "db.sqlite"));
    try {
      return (await store.get<{ n: number }>("select count(*) as n from feedback where correct = 1"))?.n ?? 0;
    } finally {
      await store.close();
    }
  }
  await requestJson(`${info.units.collector}/admin/flush`, { method: "POST", token: info.adminToken });
  const lake = await Lake.open(path.join(info.runDir, "lake"));
  try {
    const rows = await lake.query<{ n: bigint | number }>(
      `select count(*) as n from ${lake.table("feedback")} where correct = 1`,
    );
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0; // no feedback partition yet
  } finally {
    await lake.close();
  }
}

describe.each(["three-layer", "proposed", "gateway"])("[process] chatbot/%s in a browser", (pattern) => {
  let sys: Running;
  let pids: number[] = [];
  beforeAll(async () => {
    sys = await startUp(`chatbot/${pattern}`);
    const units = await callJson(systemReplySchema, `${sys.info.admin}/system`, {
      token: sys.info.adminToken,
    });
    pids = units.units.flatMap((u) => (u.pid === null ? [] : [u.pid]));
  });
  afterAll(async () => {
    await sys?.stop();
    expect(pids.filter(alive)).toEqual([]);
  });

  it.skipIf(browserMissing)(
    "answers a predefined question and a free one, takes the user's yes, and keeps it with the collected data",
    async () => {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(sys.info.ui);
        await page.locator("#questions button").first().click();
        await expect.poll(() => page.locator("#decision").textContent()).toBe("faq");
        expect(await page.locator("#reply").textContent()).not.toBe("");

        await page.fill("#text", "how do i freeze my bank account");
        const [response] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === "/api/ask"),
          page.click("#ask button[type=submit]"),
        ]);
        const answered = (await response.json()) as { intent: string; decision: string; release: string };
        expect(answered.release).not.toBe("none");
        await expect.poll(() => page.locator("#intent").textContent()).toBe(answered.intent);
        expect(await page.locator("#decision").textContent()).toBe(answered.decision);
        expect(getTask("chatbot").classes).toContain(answered.intent);

        const before = await storedYes(sys);
        await page.click("#yes");
        await page.waitForSelector("#thanks");
        await until("the feedback to be kept", async () =>
          (await storedYes(sys)) > before ? true : undefined,
        );
      } finally {
        await browser.close();
      }
    },
  );
});
