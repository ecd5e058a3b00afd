import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./paths.ts";

/** Every .ts file under a folder, tests included unless asked otherwise. */
function sources(dir: string, withTests = false): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel, withTests));
    else if (e.name.endsWith(".ts") && (withTests || !e.name.endsWith(".test.ts"))) out.push(rel);
  }
  return out;
}

/** Repo-relative targets of a file's relative imports. */
function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => path.relative(repoRoot, path.resolve(path.join(repoRoot, path.dirname(file)), s)));
}

function offenders(dir: string, forbidden: string[], withTests = false): string[] {
  return sources(dir, withTests).flatMap((f) =>
    imports(f)
      .filter((i) => forbidden.some((x) => i === x || i.startsWith(`${x}/`)))
      .map((i) => `${f} -> ${i}`),
  );
}

describe("the layout of DESIGN.md", () => {
  it("keeps the kit free of tasks, patterns and the harness", () => {
    expect(offenders("systems/kit", ["systems/tasks", "systems/patterns", "harness"])).toEqual([]);
  });

  it("keeps tasks free of patterns and the harness", () => {
    expect(offenders("systems/tasks", ["systems/patterns", "harness"], true)).toEqual([]);
  });

  it("never lets one pattern import another", () => {
    expect(offenders("systems/patterns/three-layer", ["systems/patterns/proposed"], true)).toEqual([]);
    expect(offenders("systems/patterns/proposed", ["systems/patterns/three-layer"], true)).toEqual([]);
  });

  it("never lets anything in systems import the harness", () => {
    expect(offenders("systems", ["harness"], true)).toEqual([]);
  });
});
