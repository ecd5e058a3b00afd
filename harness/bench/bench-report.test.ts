import { describe, expect, it } from "vitest";
import type { BenchFile, Subject, SystemBench } from "./bench.ts";
import { benchHtml, benchText, hops, shareOfBaseline } from "./bench-report.ts";

const lat = (p50: number) => ({ p50, p90: p50 * 2, p99: p50 * 3, max: p50 * 4 });
const paced = (rate: number, p50: number) => ({
  offeredRps: rate,
  durationS: 5,
  sent: rate * 5,
  ok: rate * 5,
  non2xx: 0,
  errors: 0,
  achievedRps: rate,
  latencyMs: lat(p50),
  serviceMs: lat(p50),
  sendLateMs: lat(0.1),
});
const subject = (name: string, maxRps: number, p50: number): Subject => ({
  name,
  task: name.split("/")[0],
  digest: "d",
  closed: [{ connections: 8, rps: maxRps, p50Ms: 1, non2xx: 0, errors: 0 }],
  maxRps,
  paced: [paced(20, p50), paced(200, p50 / 2)],
});
const system = (name: string, maxRps: number, p50: number): SystemBench => ({
  ...subject(name, maxRps, p50),
  pattern: name.split("/")[1],
  rollback: {
    how: "move bundle alias",
    rate: 200,
    medianMs: 7,
    failed: 0,
    runs: [{ tookMs: 7, sent: 600, failed: 0 }],
  },
});
const file: BenchFile = {
  at: "2026-12-03T00:00:00.000Z",
  node: "v20",
  cpus: "cpu",
  cores: 2,
  durationS: 5,
  connections: [8],
  rates: [20, 200],
  baselines: [subject("classification/bare", 8000, 1)],
  systems: [
    system("classification/three-layer", 2400, 2),
    system("classification/proposed", 2000, 2.4),
    system("classification/gateway", 1600, 3),
  ],
};

describe("the bench's report", () => {
  it("reads each system's throughput as a share of its task's bare baseline", () => {
    expect(shareOfBaseline(file, file.systems[0])).toBeCloseTo(0.3, 12);
    expect(Number.isNaN(shareOfBaseline(file, { ...file.systems[0], task: "chatbot" }))).toBe(true);
  });

  it("states each extra hop as the p50 difference at the lowest offered rate", () => {
    const h = hops(file);
    expect(h.map((x) => x.hop)).toEqual(["proposed - three-layer", "gateway - proposed"]);
    expect(h[0].ms).toBeCloseTo(0.4, 12);
    expect(h[1].ms).toBeCloseTo(0.6, 12);
  });

  it("prints every subject with its figures and writes them into the page with the chart", () => {
    const text = benchText(file);
    expect(text).toMatch(/classification\/bare\s+8000\s+1\.00/);
    expect(text).toMatch(
      /classification\/three-layer\s+2400\s+0\.30\s+2\.0 \/ 6\.0\s+1\.0 \/ 3\.0\s+move bundle alias\s+7 \(7\)\s+0 of 600/,
    );
    expect(text).toContain("classification proposed - three-layer: +0.40 ms");
    const html = benchHtml(file);
    expect(html).toContain("<svg");
    expect((html.match(/<rect /g) ?? []).length).toBe(4);
  });
});
