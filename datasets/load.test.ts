import { describe, expect, it } from "vitest";
import { loadDataset } from "./load.ts";
import { columnNames, manifest } from "./manifest.ts";

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
    expect(() => loadDataset("nope")).toThrow(/known: weather, births, penguins/);
  });

  it("derives a date for the births and keeps every day of 2000-2014", () => {
    const rows = loadDataset("births");
    expect(rows).toHaveLength(5479);
    expect(rows[0]).toMatchObject({ date: "2000-01-01", day_of_week: 6, births: 9083 });
    expect(rows.at(-1)?.date).toBe("2014-12-31");
  });

  it("renames the penguins' columns and drops the two rows without measurements", () => {
    const rows = loadDataset("penguins");
    expect(rows).toHaveLength(342);
    expect(Object.keys(rows[0]).sort()).toEqual(
      ["beak_depth", "beak_length", "body_mass", "flipper_length", "island", "sex", "species"].sort(),
    );
    expect(rows.every((r) => typeof r.flipper_length === "number")).toBe(true);
  });

  it("declares every column it types, with its time column (if any) and a target among them", () => {
    for (const m of Object.values(manifest)) {
      const names = columnNames(m);
      if (m.timeColumn) expect(names).toContain(m.timeColumn);
      expect(names).toContain(m.target);
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
