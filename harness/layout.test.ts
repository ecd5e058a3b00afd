import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { patterns } from "../systems/patterns/index.ts";
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

/** Repo-relative targets of the relative imports in `text`, as written in `file`. */
function importTargets(text: string, file: string): string[] {
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => path.relative(repoRoot, path.resolve(path.join(repoRoot, path.dirname(file)), s)));
}

const imports = (file: string) => importTargets(fs.readFileSync(path.join(repoRoot, file), "utf8"), file);

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
    const dirs = patterns.names.map((n) => `systems/patterns/${n}`);
    expect(dirs.every((d) => fs.existsSync(path.join(repoRoot, d)))).toBe(true);
    for (const d of dirs)
      expect(
        offenders(
          d,
          dirs.filter((x) => x !== d),
          true,
        ),
      ).toEqual([]);
  });

  it("never lets anything in systems import the harness", () => {
    expect(offenders("systems", ["harness"], true)).toEqual([]);
  });

  it("lets the harness reach a running system only over HTTP: no harness code opens a registry, a store or a lake", () => {
    const storage = ["systems/kit/registry", "systems/kit/store", "systems/kit/lake"];
    expect(offenders("harness", storage)).toEqual([]);
    const drivers = sources("harness").filter((f) =>
      /from\s+["'](better-sqlite3|@duckdb\/node-api|mysql2[^"']*)["']/.test(
        fs.readFileSync(path.join(repoRoot, f), "utf8"),
      ),
    );
    expect(drivers).toEqual([]);
  });

  it("would catch a harness file that opened a registry or a store", () => {
    // The checks are only as good as the import scan: it must see such an import when there is one.
    const text =
      'import { Registry } from "../../systems/kit/registry/index.ts";\nimport("../../systems/kit/store/sqlite.ts");';
    expect(importTargets(text, "harness/deploy/x.ts")).toEqual([
      "systems/kit/registry/index.ts",
      "systems/kit/store/sqlite.ts",
    ]);
  });

  it("keeps the instrument (operators, scoring, traffic, faults, trials) free of any pattern's name", () => {
    // Only the declared factors may vary: code that measures or operates must not know which pattern it faces.
    const names = [...patterns.names];
    const quoted = (text: string) => names.filter((n) => text.includes(`"${n}"`) || text.includes(`'${n}'`));
    const dirs = ["harness/operators", "harness/score", "harness/traffic", "harness/faults", "harness/trial"];
    const found = dirs.flatMap((d) =>
      sources(d).flatMap((f) =>
        quoted(fs.readFileSync(path.join(repoRoot, f), "utf8")).map((n) => `${f}: ${n}`),
      ),
    );
    expect(names.length).toBeGreaterThan(1);
    expect(found).toEqual([]);
    expect(quoted('if (system.pattern === "proposed") rollback();')).toEqual(["proposed"]);
  });
});
