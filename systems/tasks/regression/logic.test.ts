import { describe, expect, it } from "vitest";
import { openStore } from "../../kit/store/index.ts";
import type { Store } from "../../kit/store/store.ts";
import type { Prediction } from "../../kit/task.ts";
import {
  BOUNDS,
  DEFAULT_WARD,
  expectedPlan,
  explainsForecast,
  explainsForecastIsLive,
  ignoresWardShare,
  logic,
  type Reference,
  ruleBreak,
  wards,
} from "./logic.ts";
import { regression } from "./task.ts";

async function migrated(): Promise<Store> {
  const store = openStore(":memory:");
  await logic.migrate(store);
  return store;
}

const forecast = (value: number): Prediction => ({
  label: null,
  confidence: null,
  value,
  limit: null,
  scores: {},
});

const input = (ward: string | null, date = "2006-06-15") => ({
  date,
  day_of_week: 4,
  date_of_month: 15,
  ward,
});

/** National forecasts from a quiet Sunday to a busy Tuesday, and beyond the plausible range. */
const FORECASTS = [
  1200, 4999, 5000, 6300, 7518, 9000, 10_000, 11_442, 13_122, 15_500, 17_000, 23_000, 49_000,
];

describe("regression logic", () => {
  it("plans as expectedPlan over the public reference for every ward and forecast", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    expect(ref.wards).toHaveLength(wards.length);
    expect(ref.bounds).toEqual({ min_births: BOUNDS.minBirths, max_births: BOUNDS.maxBirths });
    const seen = new Set<string>();
    for (const w of wards) {
      for (const value of FORECASTS) {
        const out = await logic.decide(store, input(w.id), forecast(value), null);
        expect(ruleBreak(ref, out), `${w.id} at ${value}`).toBeNull();
        expect(out).toMatchObject({ ward: w.id, date: "2006-06-15" });
        expect(out.births).toBeGreaterThanOrEqual(BOUNDS.minBirths);
        expect(out.births).toBeLessThanOrEqual(BOUNDS.maxBirths);
        seen.add(out.decision);
      }
    }
    // The forecasts reach every decision but the fallback.
    expect([...seen].sort()).toEqual(["maximum", "minimum", "scaled"]);
    await store.close();
  });

  it("turns births into shifts by the ward's share and births per shift, within its bounds", async () => {
    const store = await migrated();
    const at = async (ward: string, value: number) => {
      const { ward_births, shifts, decision } = await logic.decide(store, input(ward), forecast(value), null);
      return { ward_births, shifts, decision };
    };
    // 0.0012 * 11,400 = 13.68 births at 2 a shift: 6.84, so 7 shifts.
    expect(await at("st-anne", 11_400)).toEqual({ ward_births: 13.68, shifts: 7, decision: "scaled" });
    // Exactly 12 births at 2 a shift is 6 shifts, not 7: no float creep over a whole number.
    expect(await at("st-anne", 10_000)).toEqual({ ward_births: 12, shifts: 6, decision: "scaled" });
    // 0.0006 * 5,000 = 3 births: 2 shifts needed, under the ward's minimum of 3.
    expect(await at("riverside", 5000)).toEqual({ ward_births: 3, shifts: 3, decision: "minimum" });
    // 0.0012 * 17,000 = 20.4 births: 11 shifts needed, over the ward's maximum of 10.
    expect(await at("st-anne", 17_000)).toEqual({ ward_births: 20.4, shifts: 10, decision: "maximum" });
    // 0.00025 * 12,000 = 3 births at 1 a shift: 3 shifts.
    expect(await at("hillcrest", 12_000)).toEqual({ ward_births: 3, shifts: 3, decision: "scaled" });
    await store.close();
  });

  it("clamps an absurd forecast into the plausible range and says so", async () => {
    const store = await migrated();
    const high = await logic.decide(store, input("riverside"), forecast(40_000), null);
    expect(high).toMatchObject({ births: BOUNDS.maxBirths, clamped: true });
    expect(high.reason).toContain("forecast 40000 clamped into 5000..17000");
    const low = await logic.decide(store, input("riverside"), forecast(312.4), null);
    expect(low).toMatchObject({ births: BOUNDS.minBirths, clamped: true });
    const fine = await logic.decide(store, input("riverside"), forecast(11_441.6), null);
    expect(fine).toMatchObject({ births: 11_442, clamped: false, reason: "shifts follow the forecast" });
    await store.close();
  });

  it("rosters the ward's maximum when there is no forecast, naming the guard", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    const out = await logic.decide(store, input("hillcrest"), null, "invalid-value");
    expect(out).toMatchObject({
      ward: "hillcrest",
      births: null,
      ward_births: null,
      shifts: 4,
      decision: "fallback",
      clamped: false,
    });
    expect(out.reason).toContain("invalid-value");
    expect(ruleBreak(ref, out)).toBeNull();
    const unguarded = await logic.decide(store, input("hillcrest"), null, null);
    expect(unguarded.reason).toContain("unavailable");
    await store.close();
  });

  it("follows the ward rules in the database, so the business can edit them", async () => {
    const store = await migrated();
    expect((await logic.decide(store, input("st-anne"), forecast(11_400), null)).shifts).toBe(7);
    await store.run("update wards set births_per_shift = 3, max_shifts = 5 where id = 'st-anne'");
    await store.run("update forecast_bounds set max_births = 12000 where id = 1");
    const ref = (await logic.reference(store)) as Reference;
    const out = await logic.decide(store, input("st-anne"), forecast(11_400), null);
    // 13.68 births at 3 a shift: 5 shifts, now the ward's maximum but not over it.
    expect(out).toMatchObject({ shifts: 5, decision: "scaled" });
    expect(ruleBreak(ref, out)).toBeNull();
    const capped = await logic.decide(store, input("st-anne"), forecast(14_000), null);
    expect(capped).toMatchObject({ births: 12_000, clamped: true });
    expect(ruleBreak(ref, capped)).toBeNull();
    await store.close();
  });

  it("plans at St Anne's when the request names no ward", async () => {
    const store = await migrated();
    expect(DEFAULT_WARD).toBe("st-anne");
    const out = await logic.decide(store, { date: "2006-01-01" }, forecast(11_000), null);
    expect(out.ward).toBe("st-anne");
    await store.close();
  });

  it("stores every plan, with the raw forecast beside the births it used", async () => {
    const store = await migrated();
    await logic.decide(store, input("st-anne", "2006-03-01"), forecast(40_000), null);
    await logic.decide(store, input("riverside", "2006-03-02"), null, "unavailable");
    const rows = await store.all(
      "select ward, date, forecast, births, shifts, decision from staffing_plans order by id",
    );
    expect(rows).toEqual([
      {
        ward: "st-anne",
        date: "2006-03-01",
        forecast: 40_000,
        births: 17_000,
        shifts: 10,
        decision: "maximum",
      },
      {
        ward: "riverside",
        date: "2006-03-02",
        forecast: null,
        births: null,
        shifts: 6,
        decision: "fallback",
      },
    ]);
    await store.close();
  });

  it("refuses to plan a ward whose rules are gone from the database", async () => {
    const store = await migrated();
    await store.run("delete from wards where id = 'riverside'");
    await expect(logic.decide(store, input("riverside"), forecast(11_000), null)).rejects.toThrow(
      "ward 'riverside' has no capacity rules",
    );
    await store.close();
  });

  it("migrates idempotently: a second run keeps the same rows", async () => {
    const store = await migrated();
    const before = await logic.reference(store);
    await logic.migrate(store);
    expect(await logic.reference(store)).toEqual(before);
    expect((await store.get<{ n: number }>("select count(*) as n from wards"))?.n).toBe(wards.length);
    await store.close();
  });

  it("the default regression rosters by national births, and the audit sees it", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    expect(regression.regressions.default).toBe(ignoresWardShare);
    for (const w of wards) {
      const out = await ignoresWardShare.decide(store, input(w.id), forecast(11_000), null);
      expect(out).toMatchObject({ shifts: w.maxShifts, decision: "maximum" });
      expect(ruleBreak(ref, out)).toMatch(/where the ward rules say/);
      expect(regression.auditAnswer?.(out, ref)).toBe(ruleBreak(ref, out));
    }
    // Without a forecast it falls back like the real logic: the fault shows only on planned days.
    expect(
      ruleBreak(ref, await ignoresWardShare.decide(store, input("st-anne"), null, "unavailable")),
    ).toBeNull();
    await store.close();
  });

  it("the improvement explains the forecast and is seen as live only on its own answers", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    const improved = await explainsForecast.decide(store, input("riverside"), forecast(11_000), null);
    expect(improved.reason).toBe("shifts follow the forecast (forecast 11000 births nationally, 6.6 here)");
    expect(explainsForecastIsLive(improved)).toBe(true);
    expect(ruleBreak(ref, improved)).toBeNull();
    const plain = await logic.decide(store, input("riverside"), forecast(11_000), null);
    expect(explainsForecastIsLive(plain)).toBe(false);
    await store.close();
  });

  it("expectedPlan gives the ward's maximum without a forecast and its minimum on a quiet day", () => {
    const rule = { id: "x", name: "x", share: 0.001, births_per_shift: 2, min_shifts: 3, max_shifts: 8 };
    expect(expectedPlan(rule, null)).toEqual({ ward_births: null, shifts: 8, decision: "fallback" });
    expect(expectedPlan(rule, 3000)).toEqual({ ward_births: 3, shifts: 3, decision: "minimum" });
    expect(expectedPlan(rule, 6001)).toEqual({ ward_births: 6, shifts: 3, decision: "scaled" });
    expect(expectedPlan(rule, 6010)).toEqual({ ward_births: 6.01, shifts: 4, decision: "scaled" });
  });
});
