import { describe, expect, it } from "vitest";
import { FeaturesError, VectorizerError } from "./errors.ts";
import {
  digestRows,
  oneHotLabels,
  type TransformSpec,
  Vectorizer,
  type VectorizerState,
} from "./vectorizer.ts";

const specs: TransformSpec[] = [
  { field: "precipitation", kind: "standardize" },
  { field: "location", kind: "onehot" },
  { field: "date", kind: "month-cyclic" },
  { field: "wind", kind: "identity" },
];

const rows = [
  { precipitation: 1, location: "Seattle", date: "2015-01-05", wind: 2 },
  { precipitation: 3, location: "New York", date: "2015-04-10", wind: 4 },
  { precipitation: null, location: "Seattle", date: "2015-07-01", wind: null },
  { precipitation: 5, location: "Boston", date: "2015-10-20", wind: 1.5 },
];

const fitted = Vectorizer.fit(specs, rows);
const std = Math.sqrt(8 / 3); // values 1, 3, 5: mean 3, population variance 8/3

describe("Vectorizer", () => {
  it("names its features in spec order with sorted categories", () => {
    expect(fitted.featureNames()).toEqual([
      "precipitation",
      "location=Boston",
      "location=New York",
      "location=Seattle",
      "date:month_sin",
      "date:month_cos",
      "wind",
    ]);
  });

  it("fits mean and population std and transforms a row to hand-computed numbers", () => {
    const [t] = fitted.toJSON().transforms;
    expect(t).toEqual({ field: "precipitation", kind: "standardize", mean: 3, std });
    const v = fitted.transform({ precipitation: 5, location: "New York", date: "2015-04-10", wind: "2.5" });
    const expected = [2 / std, 0, 1, 0, 1, 0, 2.5];
    expect(v).toHaveLength(expected.length);
    v.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i], 12);
    });
  });

  it("puts July opposite January on the month circle", () => {
    const [jan, jul] = fitted.transformMany([{ date: "2015-01-31" }, { date: "2015-07-01" }]);
    // date:month_sin and date:month_cos are columns 4 and 5.
    expect(jan[4]).toBeCloseTo(0, 12);
    expect(jan[5]).toBeCloseTo(1, 12);
    expect(jul[4]).toBeCloseTo(0, 12);
    expect(jul[5]).toBeCloseTo(-1, 12);
  });

  it("imputes missing values, zeros an unseen category and centres an unreadable date", () => {
    expect(fitted.transform({ location: "Tokyo", date: "someday" })).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(fitted.transform({ precipitation: null, location: null, date: null, wind: null })).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("gives NaN, not a throw, for a non-numeric value in a numeric feature", () => {
    const v = fitted.transform({ precipitation: "lots", location: ["x"], date: 12, wind: { a: 1 } });
    expect(Number.isNaN(v[0])).toBe(true);
    expect(Number.isNaN(v[6])).toBe(true);
    expect(v.slice(1, 6)).toEqual([0, 0, 0, 0, 0]);
    expect(Number.isNaN(fitted.transform({ precipitation: Number.POSITIVE_INFINITY })[0])).toBe(true);
  });

  it("uses std 1 for a constant training column", () => {
    const v = Vectorizer.fit([{ field: "a", kind: "standardize" }], [{ a: 4 }, { a: 4 }]);
    expect(v.toJSON().transforms[0]).toMatchObject({ mean: 4, std: 1 });
    expect(v.transform({ a: 6 })).toEqual([2]);
  });

  it("round-trips through JSON text and transforms identically", () => {
    const text = JSON.stringify(fitted.toJSON());
    const back = Vectorizer.fromJSON(JSON.parse(text) as VectorizerState);
    expect(back.featureNames()).toEqual(fitted.featureNames());
    const probe = [...rows, { precipitation: 2.2, location: "Tokyo", date: "2016-12-31", wind: "x" }];
    expect(back.transformMany(probe)).toEqual(fitted.transformMany(probe));
    expect(back.toJSON()).toEqual(fitted.toJSON());
  });

  it("does not let a caller change the fitted state through toJSON", () => {
    const state = fitted.toJSON();
    (state.transforms[0] as { mean: number }).mean = 100;
    expect(fitted.transform({ precipitation: 3 })[0]).toBe(0);
  });

  it("rejects a stored state whose transform is broken", () => {
    const bad = { transforms: [{ field: "a", kind: "standardize", mean: 1, std: 0 }] } as VectorizerState;
    expect(() => Vectorizer.fromJSON(bad)).toThrow(VectorizerError);
    expect(() => Vectorizer.fromJSON({ transforms: "no" } as unknown as VectorizerState)).toThrow(
      FeaturesError,
    );
  });

  it("rejects an unknown transform kind and lists the known ones", () => {
    const bad = [{ field: "a", kind: "log" }] as unknown as TransformSpec[];
    expect(() => Vectorizer.fit(bad, rows)).toThrow(
      /unknown transform kind 'log'.*standardize, onehot, month-cyclic, identity/,
    );
  });

  it("rejects a spec that would produce the same feature name twice", () => {
    const twice: TransformSpec[] = [
      { field: "a", kind: "standardize" },
      { field: "a", kind: "identity" },
    ];
    expect(() => Vectorizer.fit(twice, [{ a: 1 }])).toThrow(/'a' appears twice/);
  });
});

describe("oneHotLabels", () => {
  it("one-hot encodes labels in class order and leaves an unknown label all zeros", () => {
    expect(oneHotLabels(["b", "a", "zzz", "c"], ["a", "b", "c"])).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
  });
});

describe("digestRows", () => {
  const a = [
    { date: "2015-01-01", temp: 3.5, location: "Seattle", n: null },
    { date: "2015-01-02", temp: -1, location: "New York", n: 2 },
  ];

  it("is a sha256 hex that does not depend on key order", () => {
    const reordered = a.map((r) => ({ n: r.n, location: r.location, temp: r.temp, date: r.date }));
    expect(digestRows(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(digestRows(reordered)).toBe(digestRows(a));
  });

  it("changes when rows are reordered or a value changes", () => {
    expect(digestRows([a[1], a[0]])).not.toBe(digestRows(a));
    expect(digestRows([a[0], { ...a[1], temp: -1.0001 }])).not.toBe(digestRows(a));
    expect(digestRows([a[0], { ...a[1], n: "2" }])).not.toBe(digestRows(a));
    expect(digestRows([a[0]])).not.toBe(digestRows(a));
  });

  it("digests DuckDB-style bigints and dates like SQLite-style numbers and strings", () => {
    // DuckDB hands back DATE as a class instance whose String() is yyyy-mm-dd, and BIGINT as bigint.
    class DateValue {
      toString() {
        return "2015-01-02";
      }
    }
    const duck = [
      { date: new Date("2015-01-01T00:00:00Z"), temp: 3.5, location: "Seattle", n: null },
      { date: new DateValue(), temp: -1, location: "New York", n: 2n },
    ];
    expect(digestRows(duck)).toBe(digestRows(a));
  });
});
