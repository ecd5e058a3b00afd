import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureDataset, ensureManifest } from "./ensure.ts";
import { loadManifest } from "./load.ts";
import { repoRoot, sha256 } from "./locate.ts";
import { clinc150, type FileDataset } from "./manifest.ts";

// A local server stands in for raw.githubusercontent.com: tests never touch the internet.
const sharedDir = path.dirname(path.resolve(repoRoot, clinc150.defaultPath));
const files: Record<string, Buffer> = {
  "/data/data_full.json": fs.readFileSync(path.join(sharedDir, "data_full.json")),
  "/data/domains.json": fs.readFileSync(path.join(sharedDir, "domains.json")),
  "/tampered/data_full.json": Buffer.from('{"train": [["hello", "greeting"]]}'),
};
const requests: string[] = [];
const server = http.createServer((req, res) => {
  requests.push(req.url ?? "");
  if (req.url === "/hang") return; // never answers
  if (req.url === "/stall") return void res.writeHead(200).write("{"); // answers, then stops mid-body
  const body = files[req.url ?? ""];
  if (!body) return void res.writeHead(404).end("not found");
  res.writeHead(200, { "content-type": "application/json" }).end(body);
});
let base = "";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-ensure-"));

beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  requests.length = 0;
});

/** CLINC150 with no local copy (a default path that does not exist) and addresses on the local server. */
function offline(dir: string, urls: { data?: string; domains?: string } = {}): FileDataset {
  vi.stubEnv("ARCHDRILL_CACHE", path.join(tmp, dir));
  vi.stubEnv("TEST_CLINC150_UNSET", "");
  return {
    ...clinc150,
    envVar: "TEST_CLINC150_UNSET",
    defaultPath: "../shared/datasets/no-such-dir/data_full.json",
    url: `${base}${urls.data ?? "/data/data_full.json"}`,
    companions: [{ ...clinc150.companions![0], url: `${base}${urls.domains ?? "/data/domains.json"}` }],
  };
}

/** Every file under a directory, so a test can say nothing (not even a partial file) was kept. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
        fs.statSync(path.join(dir, f)).isFile(),
      )
    : [];

describe("ensureDataset", () => {
  it("downloads the corpus and its domains from the public address, checks them and caches them", async () => {
    const m = offline("cache-ok");
    const main = await ensureManifest(m, { timeoutMs: 5000 });
    const cached = path.join(tmp, "cache-ok", "datasets", "clinc150");
    expect(main).toBe(path.join(cached, "data_full.json"));
    expect(requests).toEqual(["/data/data_full.json", "/data/domains.json"]);
    expect(filesUnder(cached).sort()).toEqual(["data_full.json", "domains.json"]);
    expect(sha256(fs.readFileSync(main))).toBe(clinc150.sha256);
    expect(loadManifest(m)).toHaveLength(23_700);
    // A second run finds the cache and asks the network for nothing.
    expect(await ensureManifest(m)).toBe(main);
    expect(requests).toHaveLength(2);
  });

  it("refuses a download with the wrong digest, naming both digests, and keeps nothing", async () => {
    const m = offline("cache-bad", { data: "/tampered/data_full.json" });
    const actual = sha256(files["/tampered/data_full.json"]);
    await expect(ensureManifest(m, { timeoutMs: 5000 })).rejects.toThrow(
      `download of ${base}/tampered/data_full.json has sha256 ${actual}, expected ${clinc150.sha256}; not kept`,
    );
    expect(filesUnder(path.join(tmp, "cache-bad"))).toEqual([]);
    expect(() => loadManifest(m)).toThrow("not found");
  });

  it("fetches only domains.json when the data file is found without it", async () => {
    const m = offline("cache-companion");
    const alone = path.join(tmp, "alone");
    fs.mkdirSync(alone);
    fs.copyFileSync(path.join(sharedDir, "data_full.json"), path.join(alone, "data_full.json"));
    vi.stubEnv(m.envVar, path.join(alone, "data_full.json"));
    expect(await ensureManifest(m, { timeoutMs: 5000 })).toBe(path.join(alone, "data_full.json"));
    expect(requests).toEqual(["/data/domains.json"]);
    expect(loadManifest(m)).toHaveLength(23_700);
  });

  it("reports an HTTP error with the address it tried", async () => {
    const m = offline("cache-404", { data: "/missing.json" });
    await expect(ensureManifest(m, { timeoutMs: 5000 })).rejects.toThrow(
      `could not download ${base}/missing.json: Error: HTTP 404`,
    );
    expect(filesUnder(path.join(tmp, "cache-404"))).toEqual([]);
  });

  it("gives up on an address that does not answer, or stops mid-body, within the timeout", async () => {
    for (const url of ["/hang", "/stall"]) {
      const m = offline(`cache${url}`, { data: url });
      const started = performance.now();
      await expect(ensureManifest(m, { timeoutMs: 300 })).rejects.toThrow(
        `could not download ${base}${url}: no answer within 300 ms`,
      );
      expect(performance.now() - started).toBeLessThan(5000);
      expect(filesUnder(path.join(tmp, `cache${url}`))).toEqual([]);
    }
  });

  it("names the cause when the connection is refused", async () => {
    const closed = http.createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const m = { ...offline("cache-refused"), url: `http://127.0.0.1:${port}/data_full.json` };
    await expect(ensureManifest(m, { timeoutMs: 5000 })).rejects.toThrow(/fetch failed \(.*ECONNREFUSED/);
  });

  it("asks the network for nothing when the corpus is at its configured path, or ships in a package", async () => {
    vi.stubEnv(clinc150.envVar, "");
    expect(await ensureDataset("clinc150")).toBe(path.join(sharedDir, "data_full.json"));
    expect(await ensureDataset("penguins")).toMatch(/vega-datasets[/\\]data[/\\]penguins\.json$/);
    expect(requests).toEqual([]);
  });
});
