import { describe, expect, it } from "vitest";
import { z } from "zod";
import { rng } from "../random.ts";
import { contractSchema, defineContract, validate } from "./contract.ts";
import { ContractError, FeaturesError } from "./errors.ts";
import type { Contract, Violation } from "./types.ts";

const weather = defineContract({
  name: "weather-day",
  fields: {
    date: { type: "date", description: "Day of the observation" },
    precipitation: { type: "number", min: 0, max: 100, unit: "mm" },
    temp_max: { type: "number", min: -40, max: 50, unit: "C" },
    visits: { type: "integer", min: 0, required: false },
    location: { type: "category", categories: ["Seattle", "New York"] },
    note: { type: "text", minLength: 2, maxLength: 5, required: false },
  },
});

const good = { date: "2015-06-01", precipitation: 0.3, temp_max: 21.1, location: "Seattle" };

function violations(record: unknown): Violation[] {
  const r = validate(weather, record);
  return r.ok ? [] : r.violations;
}

function only(record: unknown): Violation {
  const vs = violations(record);
  expect(vs).toHaveLength(1);
  return vs[0];
}

describe("defineContract", () => {
  it("returns a frozen copy that cannot be loosened at runtime", () => {
    expect(Object.isFrozen(weather)).toBe(true);
    expect(Object.isFrozen(weather.fields)).toBe(true);
    expect(Object.isFrozen(weather.fields.temp_max)).toBe(true);
    expect(() => {
      (weather.fields.temp_max as { max?: number }).max = 99;
    }).toThrow();
  });

  it("rejects a number field whose min is above its max", () => {
    const bad: Contract = { name: "x", fields: { a: { type: "number", min: 5, max: 1 } } };
    expect(() => defineContract(bad)).toThrow(ContractError);
    expect(() => defineContract(bad)).toThrow(/'a'.*5.*1/);
  });

  it("rejects a category field without categories and a text field with crossed lengths", () => {
    expect(() => defineContract({ name: "x", fields: { c: { type: "category", categories: [] } } })).toThrow(
      /at least one category/,
    );
    expect(() =>
      defineContract({ name: "x", fields: { t: { type: "text", minLength: 9, maxLength: 2 } } }),
    ).toThrow(FeaturesError);
  });

  it("rejects an unknown field type and lists the known ones", () => {
    const bad = { name: "x", fields: { a: { type: "blob" } } } as unknown as Contract;
    expect(() => defineContract(bad)).toThrow(/unknown type 'blob'.*number, integer, category, date, text/);
  });
});

describe("validate", () => {
  it("accepts a valid record, with or without the optional fields", () => {
    expect(validate(weather, good)).toEqual({ ok: true, value: good });
    expect(validate(weather, { ...good, visits: null, note: null }).ok).toBe(true);
    expect(validate(weather, { ...good, visits: 3, note: "hi" }).ok).toBe(true);
  });

  it("rejects a body that is not an object with field (body) and rule object", () => {
    for (const body of [null, [1, 2], "text", 42]) {
      const v = only(body);
      expect(v.field).toBe("(body)");
      expect(v.rule).toBe("object");
      expect(v.message).toMatch(/must be a JSON object \(got /);
    }
  });

  it("reports a missing and a null required field as required", () => {
    const { temp_max: _, ...missing } = good;
    expect(only(missing)).toEqual({
      field: "temp_max",
      rule: "required",
      message: "field 'temp_max' is required (got nothing)",
    });
    expect(only({ ...good, location: null }).message).toBe("field 'location' is required (got null)");
  });

  it("reports a string number, NaN and Infinity as a type violation", () => {
    expect(only({ ...good, temp_max: "12" })).toEqual({
      field: "temp_max",
      rule: "type",
      message: "field 'temp_max' must be a finite number (got '12')",
    });
    expect(only({ ...good, temp_max: Number.NaN }).message).toContain("(got NaN)");
    expect(only({ ...good, precipitation: Number.POSITIVE_INFINITY }).rule).toBe("type");
  });

  it("reports a non-integral integer as a type violation", () => {
    const v = only({ ...good, visits: 2.5 });
    expect([v.field, v.rule]).toEqual(["visits", "type"]);
    expect(v.message).toBe("field 'visits' must be an integer (got 2.5)");
  });

  it("reports values outside min and max with the bound and the value", () => {
    expect(only({ ...good, temp_max: 71.2 })).toEqual({
      field: "temp_max",
      rule: "max",
      message: "field 'temp_max' must be at most 50 (got 71.2)",
    });
    expect(only({ ...good, precipitation: -1 })).toMatchObject({
      rule: "min",
      message: expect.stringContaining("at least 0"),
    });
    expect(only({ ...good, visits: -1 }).rule).toBe("min");
  });

  it("reports a category outside the list, and a number given for a category as type", () => {
    expect(only({ ...good, location: "Tokyo" })).toEqual({
      field: "location",
      rule: "category",
      message: "field 'location' must be one of Seattle, New York (got 'Tokyo')",
    });
    expect(only({ ...good, location: 3 })).toMatchObject({ field: "location", rule: "type" });
  });

  it("reports a date that is not a real yyyy-mm-dd date as format", () => {
    for (const d of ["2021-02-29", "2015-13-01", "06/01/2015", "2015-6-1", "2015-06-01T00:00:00Z"]) {
      const v = only({ ...good, date: d });
      expect([v.field, v.rule]).toEqual(["date", "format"]);
      expect(v.message).toContain(`'${d}'`);
    }
    expect(validate(weather, { ...good, date: "2020-02-29" }).ok).toBe(true);
    expect(only({ ...good, date: 20150601 }).rule).toBe("type");
  });

  it("reports text that is too short or too long", () => {
    expect(only({ ...good, note: "a" })).toEqual({
      field: "note",
      rule: "minLength",
      message: "field 'note' must be at least 2 characters long (got 1 characters: 'a')",
    });
    expect(only({ ...good, note: "abcdef" }).rule).toBe("maxLength");
    expect(only({ ...good, note: 5 }).rule).toBe("type");
  });

  it("reports a key the contract does not have as unknown", () => {
    expect(only({ ...good, wind_speed: 3 })).toEqual({
      field: "wind_speed",
      rule: "unknown",
      message: "field 'wind_speed' is not in the contract",
    });
  });

  it("reports all violations of a record, not just the first", () => {
    const vs = violations({ date: "2015-02-30", temp_max: 99, location: "Tokyo", wind: 1 });
    expect(vs.map((v) => `${v.field}:${v.rule}`)).toEqual([
      "date:format",
      "precipitation:required",
      "temp_max:max",
      "location:category",
      "wind:unknown",
    ]);
  });
});

describe("contractSchema", () => {
  const schema = contractSchema(weather);

  it("agrees with validate on hand-picked records", () => {
    const records: unknown[] = [
      good,
      { ...good, visits: null },
      { ...good, extra: 1 },
      { ...good, temp_max: "12" },
      { ...good, visits: 1.5 },
      { ...good, date: "2021-02-29" },
      { ...good, date: "2000-02-29" },
      { ...good, date: "1900-02-29" },
      { ...good, note: "" },
      [],
      null,
    ];
    for (const r of records) expect([r, schema.safeParse(r).success]).toEqual([r, validate(weather, r).ok]);
  });

  it("agrees with validate on a thousand seeded random records", () => {
    const pools: Record<string, unknown[]> = {
      date: ["2015-06-01", "2016-02-29", "2015-02-29", "0000-02-29", "bad", 5, null, undefined],
      precipitation: [0, 100, 100.01, -0.01, "1", Number.NaN, null, undefined],
      temp_max: [-40, 50, 51, 0, Number.NEGATIVE_INFINITY, true, null, undefined],
      visits: [0, 7, -1, 2 ** 53, 1.5, "3", null, undefined],
      location: ["Seattle", "New York", "Tokyo", "seattle", 1, null, undefined],
      note: ["ab", "abcde", "a", "abcdef", 12, null, undefined],
      other: [undefined, undefined, undefined, undefined, 1],
    };
    const random = rng(7);
    let passed = 0;
    for (let i = 0; i < 1000; i++) {
      const rec: Record<string, unknown> = {};
      for (const [k, pool] of Object.entries(pools)) {
        const x = pool[Math.floor(random() * pool.length)];
        if (x !== undefined) rec[k] = x;
      }
      const ok = validate(weather, rec).ok;
      if (ok) passed++;
      expect([rec, schema.safeParse(rec).success]).toEqual([rec, ok]);
    }
    // The comparison means little unless both verdicts occur.
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThan(1000);
  });

  it("produces a JSON Schema with enums, bounds, required fields and descriptions", () => {
    const js = z.toJSONSchema(schema) as {
      title: string;
      properties: Record<string, Record<string, unknown>>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(js.title).toBe("weather-day");
    expect(js.additionalProperties).toBe(false);
    expect(js.required.sort()).toEqual(["date", "location", "precipitation", "temp_max"]);
    expect(js.properties.location).toMatchObject({ type: "string", enum: ["Seattle", "New York"] });
    expect(js.properties.temp_max).toMatchObject({
      type: "number",
      minimum: -40,
      maximum: 50,
      "x-unit": "C",
    });
    expect(js.properties.date).toMatchObject({
      type: "string",
      format: "date",
      description: "Day of the observation",
    });
    expect(JSON.stringify(js.properties.note)).toContain('"maxLength":5');
    expect(JSON.stringify(js.properties.visits)).toContain('"type":"integer"');
  });
});
