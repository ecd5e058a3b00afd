import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "console.html");

/** The console's one page (static: everything it shows comes from the JSON API). */
export function consolePage(): string {
  return fs.readFileSync(file, "utf8");
}
