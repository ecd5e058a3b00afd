/** Test helper: opens a written report.html in Chromium and collects whatever went wrong on the way. */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../testing/browser.ts";

/**
 * Runs check on dir's report.html in a fresh headless Chromium (closed after) and returns the
 * problems seen: console errors and warnings, page errors, dialogs (a script that ran), failed
 * requests and any request but the page itself (the report must need nothing else).
 */
export async function inReport(dir: string, check: (page: Page) => Promise<void>): Promise<string[]> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    const url = pathToFileURL(path.join(dir, "report.html")).href;
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", (d) => problems.push(`dialog: ${d.message()}`));
    page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
    page.on("request", (r) => {
      if (r.url() !== url) problems.push(`extra request: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: "load" });
    await check(page);
    return problems;
  } finally {
    await browser.close();
  }
}
