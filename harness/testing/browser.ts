import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** In CI a missing browser fails the browser tests; on a workstation without one they are skipped. */
export const browserMissing = !fs.existsSync(chromiumPath) && process.env.CI !== "true";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
