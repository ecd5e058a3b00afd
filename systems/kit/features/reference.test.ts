import { describe, expect, it } from "vitest";
import { rng } from "../random.ts";
import { defineContract } from "./contract.ts";
import { FeaturesError } from "./errors.ts";
import { buildReference, referenceValue, vectorReference } from "./reference.ts";
import type { FeatureReference } from "./types.ts";

const contract = defineContract({
  name: "weather-day",
  fields: {
    temp: { type: "number" },
    visits: { type: "integer", required: false },
    location: { type: "category", categories: ["Seattle", "New York", "Boston"] },
    date: { type: "date" },
    note: { type: "text", required: false },
  },
});

const random = rng(1);
const rows = Array.from({ length: 500 }, (_, i) => ({
  temp: i % 50 === 0 ? null : Math.round(random() * 300) / 10,
  visits: i % 7,
  location: i % 3 === 0 ? "New York" : "Seattle",
  date: `2015-${String((i % 12) + 1).padStart(2, "0")}-15`,
  note: "x".repeat(i % 9),
}));

function numeric(r: FeatureReference | undefined): number[] {
  if (r?.kind !== "numeric") throw new Error(`expected a numeric reference, got ${JSON.stringify(r)}`);
  return r.sample;
}

describe("buildReference", () => {
  it("is reproducible for a seed and differs for another seed", () => {
    const one = buildReference(contract, rows, { sampleSize: 50, seed: 3 });
    const again = buildReference(contract, rows, { sampleSize: 50, seed: 3 });
    const other = buildReference(contract, rows, { sampleSize: 50, seed: 4 });
    expect(again).toEqual(one);
    expect(numeric(other.temp)).not.toEqual(numeric(one.temp));
  });

  it("samples numbers without replacement from the non-null values", () => {
    const ref = buildReference(contract, rows, { sampleSize: 100, seed: 9 });
    const sample = numeric(ref.temp);
    expect(sample).toHaveLength(100);
    // Each sampled value is taken out of the pool once: a value drawn twice would not be found again.
    const pool = rows.map((r) => r.temp).filter((t): t is number => t !== null);
    const left = [...pool];
    for (const x of sample) {
      const i = left.indexOf(x);
      expect(i).toBeGreaterThanOrEqual(0);
      left.splice(i, 1);
    }
  });

  it("keeps every value when there are fewer than sampleSize", () => {
    const ref = buildReference(contract, rows, { sampleSize: 10_000, seed: 1 });
    expect(numeric(ref.temp)).toHaveLength(490);
    expect([...numeric(ref.visits)].sort()).toEqual(rows.map((r) => r.visits).sort());
  });

  it("counts categories, listing contract categories never seen as 0", () => {
    const ref = buildReference(contract, rows, { sampleSize: 10, seed: 1 });
    expect(ref.location).toEqual({
      field: "location",
      kind: "categorical",
      counts: { Seattle: 333, "New York": 167, Boston: 0 },
    });
  });

  it("holds months for a date and lengths for a text, under the field's own name", () => {
    const ref = buildReference(contract, rows, { sampleSize: 10_000, seed: 1 });
    expect(ref.date.field).toBe("date");
    expect([...numeric(ref.date)].sort((a, b) => a - b)).toEqual(
      rows.map((_, i) => (i % 12) + 1).sort((a, b) => a - b),
    );
    expect(Math.max(...numeric(ref.note))).toBe(8);
  });

  it("builds only the requested fields and rejects one not in the contract", () => {
    const ref = buildReference(contract, rows, { sampleSize: 5, seed: 1, fields: ["temp"] });
    expect(Object.keys(ref)).toEqual(["temp"]);
    expect(() => buildReference(contract, rows, { sampleSize: 5, seed: 1, fields: ["wind"] })).toThrow(
      /'wind'.*known: temp, visits, location, date, note/,
    );
    expect(() => buildReference(contract, rows, { sampleSize: 0, seed: 1 })).toThrow(FeaturesError);
  });

  it("stores exactly what referenceValue computes from the raw values", () => {
    const ref = buildReference(contract, rows, { sampleSize: 10_000, seed: 2 });
    for (const [field, spec] of Object.entries(contract.fields)) {
      const mapped = rows
        .map((r) => referenceValue(spec, r[field as keyof (typeof rows)[0]]))
        .filter((x) => x !== null);
      const stored = ref[field];
      if (stored.kind === "numeric") {
        expect([...stored.sample].sort((a, b) => a - b)).toEqual((mapped as number[]).sort((a, b) => a - b));
      } else {
        const total = Object.values(stored.counts).reduce((a, b) => a + b, 0);
        expect(total).toBe(mapped.length);
        for (const m of mapped) expect(stored.counts[String(m)]).toBeGreaterThan(0);
      }
    }
  });
});

describe("referenceValue", () => {
  it("maps raw values to what monitors compare, and odd values to null", () => {
    expect(referenceValue({ type: "date" }, "2015-03-09")).toBe(3);
    expect(referenceValue({ type: "date" }, "2015-02-30")).toBeNull();
    expect(referenceValue({ type: "text" }, "hello")).toBe(5);
    expect(referenceValue({ type: "number" }, "12")).toBeNull();
    expect(referenceValue({ type: "integer" }, 7)).toBe(7);
    expect(referenceValue({ type: "category", categories: ["a"] }, "b")).toBe("b");
    expect(referenceValue({ type: "category", categories: ["a"] }, 1)).toBeNull();
  });
});

describe("vectorReference", () => {
  it("builds one seeded numeric reference per dimension, skipping NaN", () => {
    const vectors = Array.from({ length: 30 }, (_, i) => [i, i % 2 === 0 ? Number.NaN : -i]);
    const ref = vectorReference(["a", "b"], vectors, { sampleSize: 10, seed: 5 });
    expect(Object.keys(ref)).toEqual(["a", "b"]);
    expect(numeric(ref.a)).toHaveLength(10);
    expect(numeric(ref.b).every((x) => x < 0 && Number.isFinite(x))).toBe(true);
    expect(vectorReference(["a", "b"], vectors, { sampleSize: 10, seed: 5 })).toEqual(ref);
    expect(numeric(vectorReference(["a", "b"], vectors, { sampleSize: 10, seed: 6 }).a)).not.toEqual(
      numeric(ref.a),
    );
  });

  it("rejects a vector whose length does not match the names", () => {
    expect(() => vectorReference(["a", "b"], [[1, 2], [3]], { sampleSize: 5, seed: 1 })).toThrow(
      /vector 1 has 1 dimensions, expected 2/,
    );
  });
});
