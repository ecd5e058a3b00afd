import { describe, expect, it } from "vitest";
import { validate } from "../../systems/kit/features/contract.ts";
import { rng } from "../../systems/kit/random.ts";
import { initialSplit, periodRows } from "../../systems/kit/split.ts";
import type { Row, TaskDefinition } from "../../systems/kit/task.ts";
import { classification } from "../../systems/tasks/classification/task.ts";
import { regression } from "../../systems/tasks/regression/task.ts";
import { FaultError, faults, faultTypes, getFault } from "./index.ts";
import type { AnyFault, DataFault, PayloadFault, TimelineContext } from "./types.ts";

const task = classification as unknown as TaskDefinition;
const initial = initialSplit(task).heldOut;
const later = periodRows(task, task.periods.later[0]);
const ctx: TimelineContext = { task, initial, later, requests: 1000, seed: 1 };

const truth: Record<string, [string, string]> = {
  trend: ["ml", "trend"],
  schema: ["ml", "schema"],
  "release.model": ["ml", "release"],
  "release.logic": ["logic", "release"],
  // Its default; the part its params break is checked in system-faults.test.ts.
  "release.joint": ["ml", "release"],
  processing: ["ml", "processing"],
  engine: ["ml", "engine"],
  infra: ["infra", "infrastructure"],
};

const dataFaults = faults.filter((f): f is DataFault => f.kind === "data");
const payloadFaults = faults.filter((f): f is PayloadFault => f.kind === "payload");

/** n draws of a data fault, each from the steady row at the same position of the initial rows. */
function draws(f: AnyFault, raw: unknown, seed: string, n = initial.length, c = ctx): Row[] {
  const draw = (f as DataFault).prepare(c, f.params.parse(raw));
  const random = rng(seed);
  return Array.from({ length: n }, (_, i) => draw(random, initial[i % initial.length]));
}

function apply(
  f: AnyFault,
  raw: unknown,
  seed = "p",
): { before: Record<string, unknown>; after: Record<string, unknown> }[] {
  const fn = (f as PayloadFault).prepare(ctx, f.params.parse(raw));
  const random = rng(seed);
  return initial.map((r, i) => {
    const before = task.toRequest(r, i);
    return { before, after: fn(before, random) };
  });
}

const mean = (rows: Row[], field: string) => rows.reduce((a, r) => a + Number(r[field]), 0) / rows.length;
const std = (rows: Row[], field: string) => {
  const m = mean(rows, field);
  return Math.sqrt(rows.reduce((a, r) => a + (Number(r[field]) - m) ** 2, 0) / rows.length);
};
const share = (rows: Row[], label: string) =>
  rows.filter((r) => r[task.target] === label).length / rows.length;

describe("the fault catalog", () => {
  it("lists every fault of DESIGN.md once", () => {
    expect([...faultTypes].sort()).toEqual(
      [
        "trend.covariate",
        "trend.prior",
        "trend.concept",
        "trend.novel",
        ...["rename", "drop", "add", "retype", "rescale", "nulls", "swap", "encoding", "unit", "remap"].map(
          (s) => `schema.${s}`,
        ),
        "release.model",
        "release.logic",
        "release.joint",
        "processing.skew",
        "engine.invalid",
        "infra.db",
      ].sort(),
    );
  });

  it("refuses an unknown fault with the list of known ones", () => {
    expect(() => getFault("trend.sideways")).toThrow(FaultError);
    expect(() => getFault("trend.sideways")).toThrow(/known: .*trend\.covariate.*infra\.db/);
  });
});

describe.each(faults.map((f) => [f.type, f] as const))("fault %s", (type, fault) => {
  it("is the one fault exported by the file named after its type", async () => {
    const mod: Record<string, unknown> = await import(
      new URL(`${type.replace(".", "-")}.ts`, import.meta.url).href
    );
    expect(Object.values(mod).filter((v) => v === fault)).toHaveLength(1);
    expect(getFault(type)).toBe(fault);
  });

  it("parses empty params into defaults and refuses unknown keys", () => {
    expect(() => fault.params.parse({})).not.toThrow();
    expect(fault.params.safeParse({ surely_not_a_param: 1 }).success).toBe(false);
  });

  it("carries the ground truth of the catalog", () => {
    const [part, cause] = truth[type] ?? truth[type.split(".")[0]];
    expect([fault.part, fault.cause]).toEqual([part, cause]);
  });

  it("describes itself in one sentence", () => {
    const s = fault.describe(fault.params.parse({}));
    expect(s).toMatch(/^[A-Z][^\n]{10,}\.$/);
  });

  if (fault.kind !== "system") {
    it("prepares with its defaults for the classification task", () => {
      expect(() => fault.prepare(ctx, fault.params.parse({}))).not.toThrow();
    });
  }
});

describe.each(dataFaults.map((f) => [f.type, f] as const))("data fault %s", (_type, fault) => {
  const sources = ["later", "synthetic"].filter((s) => fault.params.safeParse({ source: s }).success);

  it.each(sources)(
    "draws the same rows for the same seed, labelled with the task's classes (%s)",
    (source) => {
      const a = draws(fault, { source }, "seed-a");
      expect(draws(fault, { source }, "seed-a")).toEqual(a);
      for (const r of a) expect(task.classes).toContain(r[task.target]);
      expect(a.every((r) => task.modelFields.every((f) => f in r))).toBe(true);
    },
  );

  it("never mutates the steady row", () => {
    for (const source of sources) {
      const row = Object.freeze({ ...initial[0] });
      const draw = fault.prepare(ctx, fault.params.parse({ source }));
      expect(() => draw(rng(1), row)).not.toThrow();
      expect(row).toEqual(initial[0]);
    }
  });
});

describe("trend faults move the distribution the way they say", () => {
  const laterSet = new Set(later);
  const cov = getFault("trend.covariate");

  it("trend.covariate later draws only rows of the later period", () => {
    const rows = draws(cov, {}, "s", 500);
    expect(rows.every((r) => laterSet.has(r))).toBe(true);
  });

  it("trend.covariate synthetic moves the first numeric model feature by shift standard deviations", () => {
    const rows = draws(cov, { source: "synthetic", shift: 2 }, "s");
    const moved =
      (mean(rows, "precipitation") - mean(initial, "precipitation")) / std(initial, "precipitation");
    expect(moved).toBeGreaterThan(1.95);
    expect(moved).toBeLessThan(2.05);
    expect(rows.map((r) => r.weather)).toEqual(initial.map((r) => r.weather));
    expect(mean(rows, "temp_max")).toBeCloseTo(mean(initial, "temp_max"), 6);
  });

  it("trend.covariate synthetic stays inside the contract's range", () => {
    const rows = draws(cov, { source: "synthetic", fields: ["temp_max"], shift: 5 }, "s");
    expect(Math.max(...rows.map((r) => Number(r.temp_max)))).toBe(50);
    expect(rows.every((r) => validate(task.contract, task.toRequest(r, 0)).ok)).toBe(true);
  });

  it("trend.prior synthetic makes the second most frequent class reach the share", () => {
    expect(share(initial, "rain")).toBeLessThan(0.5);
    const rows = draws(getFault("trend.prior"), {}, "s", 4000);
    expect(share(rows, "rain")).toBeGreaterThan(0.77);
    expect(share(rows, "rain")).toBeLessThan(0.83);
    expect(
      draws(getFault("trend.prior"), { label: "snow", share: 0.5 }, "s", 4000).filter(
        (r) => r.weather === "snow",
      ).length / 4000,
    ).toBeCloseTo(0.5, 1);
  });

  it("trend.prior refuses a label that is not a class", () => {
    expect(() => draws(getFault("trend.prior"), { label: "hail" }, "s")).toThrow(
      /'hail' is not a class.*drizzle/,
    );
  });

  it("trend.concept later draws the later period, whose labels differ for real", () => {
    const rows = draws(getFault("trend.concept"), {}, "s", 3000);
    expect(rows.every((r) => laterSet.has(r))).toBe(true);
    const tvd = task.classes.reduce((a, c) => a + Math.abs(share(rows, c) - share(initial, c)), 0) / 2;
    expect(tvd).toBeGreaterThan(0.1);
  });

  it("trend.concept synthetic swaps the two most frequent labels on unchanged inputs", () => {
    const rows = draws(getFault("trend.concept"), { source: "synthetic" }, "s");
    rows.forEach((r, i) => {
      const y = initial[i].weather;
      expect(r.weather).toBe(y === "sun" ? "rain" : y === "rain" ? "sun" : y);
      expect({ ...r, weather: null }).toEqual({ ...initial[i], weather: null });
    });
  });

  it("trend.novel without task novel rows moves every numeric model feature far beyond steady state", () => {
    const rows = draws(getFault("trend.novel"), {}, "s", 2000);
    for (const f of ["precipitation", "temp_max", "temp_min", "wind"]) {
      expect((mean(rows, f) - mean(initial, f)) / std(initial, f)).toBeGreaterThan(3);
    }
    expect(rows.every((r) => validate(task.contract, task.toRequest(r, 0)).ok)).toBe(true);
  });

  it("trend.novel draws the task's own novel rows when it has them", () => {
    const novel: Row = { ...initial[0], location: "Seattle", weather: "fog" };
    const withNovel = { ...ctx, task: Object.assign({}, task, { novelRows: () => [novel] }) };
    expect(draws(getFault("trend.novel"), {}, "s", 10, withNovel)).toEqual(Array(10).fill(novel));
  });
});

describe.each(payloadFaults.map((f) => [f.type, f] as const))("payload fault %s", (type, fault) => {
  it("never mutates its input", () => {
    const fn = fault.prepare(ctx, fault.params.parse({}));
    const random = rng(3);
    for (const [i, r] of initial.slice(0, 50).entries()) {
      const p = Object.freeze(task.toRequest(r, i));
      const copy = structuredClone(p);
      fn(p, random);
      expect(p).toEqual(copy);
    }
  });

  it("changes a typical request, the same way for the same seed", () => {
    const out = apply(fault, {});
    expect(apply(fault, {})).toEqual(out);
    const changed = out.filter((x) => JSON.stringify(x.after) !== JSON.stringify(x.before));
    expect(changed.length / out.length).toBeGreaterThan(0.8);
  });

  it("leaves valid steady requests breaking the contract where it should", () => {
    const out = apply(fault, {});
    expect(out.every((x) => validate(task.contract, x.before).ok)).toBe(true);
    const broken = out.filter((x) => !validate(task.contract, x.after).ok).length / out.length;
    // A swap of two in-range numbers often passes a contract: only distributions show it.
    if (type === "schema.swap") expect(broken).toBeLessThan(0.5);
    // Contract-passing by design: a unit change within range, a remapped code.
    else if (type === "schema.unit" || type === "schema.remap") expect(broken).toBe(0);
    else if (type === "schema.rescale") expect(broken).toBeGreaterThan(0.6);
    else expect(broken).toBeGreaterThan(0.8);
  });
});

describe("payload faults do what their name says", () => {
  const one = (type: string, raw: unknown = {}) => apply(getFault(type), raw)[0];

  it("schema.rename renames the first model field to its _v2 name", () => {
    const { before, after } = one("schema.rename");
    expect(Object.keys(after)).toEqual(
      Object.keys(before).map((k) => (k === "location" ? "location_v2" : k)),
    );
    expect(after.location_v2).toBe(before.location);
  });

  it("schema.drop removes the field and schema.add adds one the contract lacks", () => {
    expect("location" in one("schema.drop").after).toBe(false);
    expect(one("schema.add").after.extra_field).toBe(1);
    expect(() => (getFault("schema.add") as PayloadFault).prepare(ctx, { field: "wind", value: 1 })).toThrow(
      /already a field/,
    );
  });

  it("schema.retype sends a number as a string and a category as a number", () => {
    const { before, after } = one("schema.retype");
    expect(after.precipitation).toBe(String(before.precipitation));
    expect(typeof one("schema.retype", { field: "location" }).after.location).toBe("number");
  });

  it("schema.rescale converts the field it pushes out of range most (temp_max) from °C to °F", () => {
    const { before, after } = one("schema.rescale");
    expect(after.temp_max).toBeCloseTo(Number(before.temp_max) * 1.8 + 32, 6);
    expect(after.precipitation).toBe(before.precipitation);
  });

  it("schema.nulls nulls each model field at about the fraction", () => {
    const out = apply(getFault("schema.nulls"), { fraction: 0.3 });
    for (const f of task.modelFields) {
      const s = out.filter((x) => x.after[f] === null).length / out.length;
      expect(s).toBeGreaterThan(0.2);
      expect(s).toBeLessThan(0.4);
    }
    expect(out.every((x) => x.after.venue === x.before.venue)).toBe(true);
  });

  it("schema.swap swaps the first two numeric model fields", () => {
    const { before, after } = one("schema.swap");
    expect([after.precipitation, after.temp_max]).toEqual([before.temp_max, before.precipitation]);
  });

  it("schema.encoding re-encodes the category field in each mode", () => {
    const seattle = initial.findIndex((r) => r.location === "Seattle");
    const get = (mode: string) => apply(getFault("schema.encoding"), { mode })[seattle].after.location;
    expect(get("mojibake")).toBe("SEATTLE");
    expect(get("upper")).toBe("SEATTLE");
    expect(get("accents")).toBe("Séáttlé");
  });
});

describe("contract-passing schema faults do what their name says", () => {
  const one = (type: string, raw: unknown = {}) => apply(getFault(type), raw)[0];
  const regressionCtx = (): TimelineContext => {
    const t = regression as unknown as TaskDefinition;
    return { ...ctx, task: t, initial: initialSplit(t).heldOut };
  };

  it("schema.unit sends the wind in knots, the field it keeps in range and moves most", () => {
    const { before, after } = one("schema.unit");
    expect(after.wind).toBeCloseTo(Number(before.wind) * 1.944, 3);
    expect(after.precipitation).toBe(before.precipitation);
  });

  it("schema.unit refuses a change that leaves the contract's range, naming schema.rescale", () => {
    expect(() => apply(getFault("schema.unit"), { field: "temp_max", scale: 1.8, offset: 32 })).toThrow(
      /out of the contract's range; schema\.rescale/,
    );
  });

  it("schema.remap sends each city as the other", () => {
    const out = apply(getFault("schema.remap"), {});
    for (const { before, after } of out)
      expect(after.location).toBe(before.location === "Seattle" ? "New York" : "Seattle");
    expect(() => apply(getFault("schema.remap"), { map: { Seattle: "Paris" } })).toThrow(
      /'Paris' is not a value/,
    );
  });

  it("schema.remap remaps a one-hot encoded integer code as an integer (the weekday)", () => {
    const c = regressionCtx();
    const fn = (getFault("schema.remap") as PayloadFault).prepare(
      c,
      getFault("schema.remap").params.parse({}),
    );
    const payload = c.task.toRequest(c.initial[0], 0);
    const day = Number(payload.day_of_week);
    expect(fn(payload, rng(1)).day_of_week).toBe((day % 7) + 1);
  });
});
