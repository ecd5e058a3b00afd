import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { datasetPath, loadDataset, loadManifest } from "./load.ts";
import { repoRoot } from "./locate.ts";
import { clinc150 } from "./manifest.ts";

const shared = path.resolve(repoRoot, clinc150.defaultPath);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-clinc150-"));

/** A copy of the corpus in a temp dir (never in the repo), optionally without or with a changed file. */
function copy(dir: string, opts: { domains?: "none" | "tampered"; data?: "tampered" } = {}): string {
  const to = path.join(tmp, dir);
  fs.mkdirSync(to);
  const data = fs.readFileSync(shared);
  fs.writeFileSync(
    path.join(to, "data_full.json"),
    opts.data ? Buffer.concat([data, Buffer.from("\n")]) : data,
  );
  const domains = fs.readFileSync(path.join(path.dirname(shared), "domains.json"), "utf8");
  if (opts.domains !== "none")
    fs.writeFileSync(
      path.join(to, "domains.json"),
      opts.domains === "tampered" ? domains.replace("banking", "banks") : domains,
    );
  return path.join(to, "data_full.json");
}

function tally<T>(items: T[], key: (x: T) => unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[String(key(x))] = (out[String(key(x))] ?? 0) + 1;
  return out;
}

afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the CLINC150 corpus", () => {
  it("loads 23,700 rows from the shared path with the right split counts and 150 intents in 10 domains", () => {
    vi.stubEnv(clinc150.envVar, "");
    expect(datasetPath(clinc150)).toBe(shared);
    const rows = loadDataset("clinc150");
    expect(rows).toHaveLength(23_700);
    expect(tally(rows, (r) => r.split)).toEqual({
      train: 15_000,
      val: 3000,
      test: 4500,
      oos_train: 100,
      oos_val: 100,
      oos_test: 1000,
    });
    const inScope = rows.filter((r) => r.intent !== "oos");
    expect(new Set(inScope.map((r) => r.intent)).size).toBe(150);
    // 10 domains of 15 intents; each intent has 100 train, 20 val and 30 test utterances.
    const intentsPerDomain = tally(
      [...new Set(inScope.map((r) => `${r.domain}/${r.intent}`))],
      (k) => k.split("/")[0],
    );
    expect(Object.keys(intentsPerDomain)).toHaveLength(10);
    expect(new Set(Object.values(intentsPerDomain))).toEqual(new Set([15]));
    expect(new Set(Object.values(tally(inScope, (r) => `${r.intent}/${r.split}`)))).toEqual(
      new Set([100, 20, 30]),
    );
    expect(tally(inScope, (r) => `${r.split}`)).toEqual({ train: 15_000, val: 3000, test: 4500 });
    // Out-of-scope rows are exactly the oos_* splits, with intent and domain "oos".
    const oos = rows.filter((r) => String(r.split).startsWith("oos_"));
    expect(oos).toHaveLength(1200);
    expect(oos.every((r) => r.intent === "oos" && r.domain === "oos")).toBe(true);
    expect(inScope).toHaveLength(22_500);
  });

  it("keeps the file's order of splits and rows, which starts with oos_val", () => {
    vi.stubEnv(clinc150.envVar, "");
    const rows = loadDataset("clinc150");
    expect(Object.keys(rows[0])).toEqual(["text", "intent", "split", "domain"]);
    expect(rows[0]).toEqual({
      text: "set a warning for when my bank account starts running low",
      intent: "oos",
      split: "oos_val",
      domain: "oos",
    });
    // The file's keys come in this order; rows follow them, each split in its own order.
    expect([...new Set(rows.map((r) => r.split))]).toEqual([
      "oos_val",
      "val",
      "train",
      "oos_test",
      "test",
      "oos_train",
    ]);
    expect(rows.at(-1)).toMatchObject({
      text: "what's the average battery life of an android phone",
      split: "oos_train",
    });
  });

  it("reads the file named by ARCHDRILL_CLINC150 instead of the default path", () => {
    const file = copy("env");
    vi.stubEnv("ARCHDRILL_CLINC150", file);
    expect(datasetPath(clinc150)).toBe(file);
    expect(loadDataset("clinc150")).toHaveLength(23_700);
    // Proof that the override is the file read: a changed copy there is refused by name.
    const bad = copy("env-bad", { data: "tampered" });
    vi.stubEnv("ARCHDRILL_CLINC150", bad);
    expect(() => loadDataset("clinc150")).toThrow(`${bad} has sha256`);
  });

  it("refuses ARCHDRILL_CLINC150 naming a missing file instead of falling back to the default path", () => {
    const missing = path.join(tmp, "nowhere", "data_full.json");
    vi.stubEnv("ARCHDRILL_CLINC150", missing);
    expect(() => loadDataset("clinc150")).toThrow(
      `ARCHDRILL_CLINC150 is set to ${missing}, which does not exist`,
    );
  });

  it("says what to do, and every path it tried, when the corpus is in none of its places", () => {
    const cache = path.join(tmp, "empty-cache");
    vi.stubEnv("ARCHDRILL_CLINC150", "");
    vi.stubEnv("ARCHDRILL_CACHE", cache);
    const m = { ...clinc150, defaultPath: "../shared/datasets/no-such-dir/data_full.json" };
    const error = (() => {
      try {
        loadManifest(m);
      } catch (e) {
        return String(e);
      }
    })();
    expect(error).toContain(path.resolve(repoRoot, "../shared/datasets/no-such-dir/data_full.json"));
    expect(error).toContain(path.join(cache, "datasets", "clinc150", "data_full.json"));
    expect(error).toContain("Set ARCHDRILL_CLINC150 to the path of a local copy of data_full.json");
    expect(error).toContain('await ensureDataset("clinc150")');
    expect(error).toContain(clinc150.url);
  });

  it("needs domains.json beside the data file or in the cache, and checks its digest", () => {
    vi.stubEnv("ARCHDRILL_CACHE", path.join(tmp, "empty-cache"));
    vi.stubEnv("ARCHDRILL_CLINC150", copy("no-domains", { domains: "none" }));
    expect(() => loadDataset("clinc150")).toThrow(/companion domains.json not found; tried .*no-domains/);
    vi.stubEnv("ARCHDRILL_CLINC150", copy("bad-domains", { domains: "tampered" }));
    expect(() => loadDataset("clinc150")).toThrow(`the manifest expects ${clinc150.companions?.[0].sha256}`);
  });
});
