import { describe, expect, it } from "vitest";
import { openStore } from "../../kit/store/index.ts";
import type { Store } from "../../kit/store/store.ts";
import type { Prediction } from "../../kit/task.ts";
import {
  defaultVenue,
  expectedDecision,
  explainsForecast,
  explainsForecastIsLive,
  logic,
  MIN_CONFIDENCE,
  type Reference,
  venues,
} from "./logic.ts";
import { classes } from "./task.ts";

async function migrated(): Promise<Store> {
  const store = openStore(":memory:");
  await logic.migrate(store);
  return store;
}

/** One rule per kind of venue and weather. */
const RULES = new Set(venues.map((v) => v.kind)).size * classes.length;

const predicted = (label: string, confidence: number): Prediction => ({
  label,
  confidence,
  value: null,
  limit: null,
  scores: { [label]: confidence },
});

const input = (venue: string) => {
  const v = venues.find((x) => x.id === venue)!;
  return { location: v.location, date: "2013-07-04", venue };
};

describe("classification logic", () => {
  it("decides as expectedDecision over the public reference for every venue and weather", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    expect(ref.venues).toHaveLength(venues.length);
    expect(ref.rules).toHaveLength(RULES);
    let decided = 0;
    for (const v of venues) {
      for (const weather of classes) {
        const out = await logic.decide(store, input(v.id), predicted(weather, 0.9), null);
        expect(out.decision, `${v.id} in ${weather}`).toBe(expectedDecision(ref, v.id, weather, 0.9));
        expect(out).toMatchObject({ venue: v.id, date: "2013-07-04", weather, confidence: 0.9 });
        expect(out.decision).not.toBe("hold");
        decided++;
      }
    }
    expect(decided).toBe(venues.length * classes.length);
    await store.close();
  });

  it("follows the rules table in the database, so the business can edit it", async () => {
    const store = await migrated();
    expect((await logic.decide(store, input("pier-62"), predicted("rain", 0.9), null)).decision).toBe(
      "move-indoors",
    );
    await store.run("update venue_rules set decision = 'no-go' where kind = 'outdoor' and weather = 'rain'");
    const ref = (await logic.reference(store)) as Reference;
    const out = await logic.decide(store, input("pier-62"), predicted("rain", 0.9), null);
    expect(out.decision).toBe("no-go");
    expect(expectedDecision(ref, "pier-62", "rain", 0.9)).toBe("no-go");
    await store.close();
  });

  it("holds when the confidence is below the minimum, and decides at the minimum", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    const low = await logic.decide(
      store,
      input("central-park"),
      predicted("sun", MIN_CONFIDENCE - 0.01),
      null,
    );
    expect(low).toMatchObject({ decision: "hold", weather: "sun", reason: "forecast too uncertain" });
    expect(expectedDecision(ref, "central-park", "sun", MIN_CONFIDENCE - 0.01)).toBe("hold");
    const at = await logic.decide(store, input("central-park"), predicted("sun", MIN_CONFIDENCE), null);
    expect(at.decision).toBe("go");
    expect(expectedDecision(ref, "central-park", "sun", MIN_CONFIDENCE)).toBe("go");
    await store.close();
  });

  it("holds with no weather when there is no prediction, naming the guard", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    const out = await logic.decide(store, input("brooklyn-tent"), null, "invalid-confidence");
    expect(out).toMatchObject({ decision: "hold", weather: null, confidence: null, venue: "brooklyn-tent" });
    expect(out.reason).toContain("invalid-confidence");
    expect(expectedDecision(ref, "brooklyn-tent", null, null)).toBe("hold");
    const unguarded = await logic.decide(store, input("brooklyn-tent"), null, null);
    expect(unguarded.reason).toContain("unavailable");
    await store.close();
  });

  it("explains-forecast keeps the decision and names the forecast, which isLive sees; the plain logic's answer it does not", async () => {
    const store = await migrated();
    const sunny = predicted("sun", 0.9);
    const plain = await logic.decide(store, input("brooklyn-tent"), sunny, null);
    const explained = await explainsForecast.decide(store, input("brooklyn-tent"), sunny, null);
    expect(explained.decision).toBe(plain.decision);
    expect(explained.reason).toBe(`${plain.reason} (forecast sun, 90% sure)`);
    expect(explainsForecastIsLive(explained)).toBe(true);
    expect(explainsForecastIsLive(plain)).toBe(false);
    // Without a forecast there is nothing to explain: the improvement cannot be seen.
    const held = await explainsForecast.decide(store, input("brooklyn-tent"), null, "unavailable");
    expect(explainsForecastIsLive(held)).toBe(false);
    await store.close();
  });

  it("plans at the city's outdoor venue when the request names none", async () => {
    const store = await migrated();
    expect(defaultVenue("New York")).toBe("central-park");
    const out = await logic.decide(
      store,
      { location: "Seattle", date: "2013-01-01" },
      predicted("snow", 0.8),
      null,
    );
    expect(out.venue).toBe("pier-62");
    expect(out.decision).toBe("no-go");
    await store.close();
  });

  it("migrates idempotently: a second run keeps the same rows", async () => {
    const store = await migrated();
    const counts = async () => ({
      venues: (await store.get<{ n: number }>("select count(*) as n from venues"))?.n,
      rules: (await store.get<{ n: number }>("select count(*) as n from venue_rules"))?.n,
    });
    const first = await counts();
    expect(first).toEqual({ venues: venues.length, rules: RULES });
    const refBefore = await logic.reference(store);
    await logic.migrate(store);
    expect(await counts()).toEqual(first);
    expect(await logic.reference(store)).toEqual(refBefore);
    await store.close();
  });
});
