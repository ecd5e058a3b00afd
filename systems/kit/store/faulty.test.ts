import { describe, expect, it } from "vitest";
import { faultyStore } from "./faulty.ts";
import { openStore } from "./index.ts";

describe("the store's fault hook", () => {
  it("passes calls through untouched while no fault is set", async () => {
    const s = faultyStore(openStore(":memory:"));
    await s.exec("create table t (v integer)");
    await s.run("insert into t values (?)", [1]);
    expect(await s.all("select v from t")).toEqual([{ v: 1 }]);
  });

  it("slows every call down by the injected delay", async () => {
    const s = faultyStore(openStore(":memory:"));
    s.setFault({ delayMs: 60, failRate: 0 });
    const start = performance.now();
    await s.get("select 1 as x");
    expect(performance.now() - start).toBeGreaterThanOrEqual(55);
  });

  it("refuses about the injected share of calls, and recovers when cleared", async () => {
    const s = faultyStore(openStore(":memory:"), 3);
    s.setFault({ delayMs: 0, failRate: 0.5 });
    const outcomes = await Promise.all(
      Array.from({ length: 400 }, () =>
        s.get("select 1").then(
          () => 1,
          () => 0,
        ),
      ),
    );
    const ok = outcomes.reduce<number>((a, b) => a + b, 0);
    expect(ok).toBeGreaterThan(150);
    expect(ok).toBeLessThan(250);
    s.setFault(null);
    await expect(s.get("select 1 as x")).resolves.toEqual({ x: 1 });
  });
});
