import { describe, expect, it } from "vitest";
import { loadDataset } from "./load.ts";
import { manifest } from "./manifest.ts";

describe("datasets", () => {
  it("loads the weather dataset with typed columns, sorted by date", () => {
    const rows = loadDataset("weather");
    expect(rows).toHaveLength(2922);
    expect(rows[0]).toMatchObject({
      date: "2012-01-01",
      precipitation: expect.any(Number),
      weather: expect.any(String),
    });
    const dates = rows.map((r) => String(r.date));
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(rows.map((r) => r.location))).toEqual(new Set(["Seattle", "New York"]));
  });

  it("names the known datasets when asked for an unknown one", () => {
    expect(() => loadDataset("nope")).toThrow(/known: weather/);
  });

  it("declares every column it types, with a time column and a target among them", () => {
    for (const m of Object.values(manifest)) {
      const names = m.columns.map((c) => c.name);
      expect(names).toContain(m.timeColumn);
      expect(names).toContain(m.target);
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
