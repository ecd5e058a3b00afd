import { describe, expect, it } from "vitest";
import { openStore } from "../../kit/store/index.ts";
import type { Store } from "../../kit/store/store.ts";
import type { Prediction } from "../../kit/task.ts";
import {
  expectedDecision,
  explainsFit,
  explainsFitIsLive,
  fitsCluster,
  ignoresMisfits,
  logic,
  MISFIT,
  type Reference,
  readsNextProtocol,
} from "./logic.ts";
import { clustering, K, outputSchema } from "./task.ts";

async function migrated(): Promise<Store> {
  const store = openStore(":memory:");
  await logic.migrate(store);
  return store;
}

const LIMIT = 2.5;
const assigned = (label: string, distance: number, limit: number | null = LIMIT): Prediction => ({
  label,
  confidence: 0.9,
  value: distance,
  limit,
  scores: { [label]: 0.9 },
});
const input = { island: "Dream", specimen_id: "PAL-0001" };
const clusters = Array.from({ length: K }, (_, i) => `c${i + 1}`);

describe("clustering logic", () => {
  it("gives every cluster its own protocol, as expectedDecision reads the public reference", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    expect(ref.protocols.map((p) => p.cluster).sort()).toEqual([...clusters, MISFIT].sort());
    const seen = new Set<string>();
    for (const c of clusters) {
      const out = await logic.decide(store, input, assigned(c, 1), null);
      expect(out.decision, c).toBe(expectedDecision(ref, c, 1, LIMIT));
      expect(out).toMatchObject({
        cluster: c,
        fits: true,
        distance: 1,
        limit: LIMIT,
        specimen_id: "PAL-0001",
      });
      expect(["hold", "refer-expert"]).not.toContain(out.decision);
      expect(outputSchema.safeParse(out).success).toBe(true);
      seen.add(out.decision);
    }
    // Distinct decisions per cluster: a protocol read for the wrong cluster shows in the decision.
    expect(seen.size).toBe(K);
    await store.close();
  });

  it("refers a specimen beyond the limit to an expert, and keeps one at the limit", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    const far = await logic.decide(store, input, assigned("c2", LIMIT + 0.01), null);
    expect(far).toMatchObject({
      cluster: "c2",
      fits: false,
      decision: "refer-expert",
      reason: "fits no cluster well",
    });
    expect(far.protocol).toMatch(/quarantine/);
    expect(expectedDecision(ref, "c2", LIMIT + 0.01, LIMIT)).toBe("refer-expert");
    const at = await logic.decide(store, input, assigned("c2", LIMIT), null);
    expect(at).toMatchObject({ fits: true, decision: expectedDecision(ref, "c2", LIMIT, LIMIT) });
    expect(at.decision).not.toBe("refer-expert");
    await store.close();
  });

  it("treats a release without a finite limit as fitting, and says the limit is null", async () => {
    const store = await migrated();
    const out = await logic.decide(store, input, assigned("c1", 40, Number.POSITIVE_INFINITY), null);
    expect(out).toMatchObject({ fits: true, limit: null });
    expect(fitsCluster(40, null)).toBe(true);
    await store.close();
  });

  it("holds for an expert with no cluster when the guard refused the engine, naming the reason", async () => {
    const store = await migrated();
    const ref = (await logic.reference(store)) as Reference;
    const out = await logic.decide(store, { island: "Biscoe" }, null, "invalid-value");
    expect(out).toMatchObject({
      cluster: null,
      fits: null,
      decision: "hold",
      specimen_id: null,
      island: "Biscoe",
    });
    expect(out.reason).toContain("invalid-value");
    expect(expectedDecision(ref, null, null, null)).toBe("hold");
    expect(outputSchema.safeParse(out).success).toBe(true);
    expect((await logic.decide(store, input, null, null)).reason).toContain("unavailable");
    await store.close();
  });

  it("follows the protocols table in the database, so the station can edit it", async () => {
    const store = await migrated();
    await store.run("update protocols set decision = 'band-sample' where cluster = 'c1'");
    const ref = (await logic.reference(store)) as Reference;
    const out = await logic.decide(store, input, assigned("c1", 1), null);
    expect(out.decision).toBe("band-sample");
    expect(expectedDecision(ref, "c1", 1, LIMIT)).toBe("band-sample");
    await store.run("delete from protocols where cluster = 'c3'");
    const none = await logic.decide(store, input, assigned("c3", 1), null);
    expect(none).toMatchObject({
      decision: "hold",
      reason: "no protocol for cluster c3: hold for an expert",
    });
    expect(expectedDecision((await logic.reference(store)) as Reference, "c3", 1, LIMIT)).toBe("hold");
    await store.close();
  });

  it("migrates idempotently: a second run keeps the same rows", async () => {
    const store = await migrated();
    const before = await logic.reference(store);
    await logic.migrate(store);
    expect(await logic.reference(store)).toEqual(before);
    expect((await store.get<{ n: number }>("select count(*) as n from protocols"))?.n).toBe(K + 1);
    await store.close();
  });
});

describe("clustering regressions and improvement", () => {
  it("the default regression reads the next cluster's protocol, which the audit catches on every fitting answer", async () => {
    const store = await migrated();
    const ref = await logic.reference(store);
    for (const c of clusters) {
      const out = await readsNextProtocol.decide(store, input, assigned(c, 1), null);
      expect(out.cluster).toBe(c);
      expect(clustering.auditAnswer?.(out, ref), c).toMatch(/where the protocols say/);
    }
    const far = await readsNextProtocol.decide(store, input, assigned("c1", 9), null);
    expect(clustering.auditAnswer?.(far, ref)).toBeNull();
    expect(clustering.regressions.default).toBe(readsNextProtocol);
    await store.close();
  });

  it("ignores-misfits gives a misfit its cluster's protocol, and leaves fitting specimens alone", async () => {
    const store = await migrated();
    const ref = await logic.reference(store);
    const far = await ignoresMisfits.decide(store, input, assigned("c2", 9), null);
    expect(far).toMatchObject({ fits: false, decision: "band-sample" });
    expect(clustering.auditAnswer?.(far, ref)).toMatch(/'band-sample' for cluster c2 .* say 'refer-expert'/);
    const near = await ignoresMisfits.decide(store, input, assigned("c2", 1), null);
    expect(clustering.auditAnswer?.(near, ref)).toBeNull();
    await store.close();
  });

  it("the correct logic passes its own audit, fitting or not", async () => {
    const store = await migrated();
    const ref = await logic.reference(store);
    for (const d of [0.5, 9]) {
      expect(
        clustering.auditAnswer?.(await logic.decide(store, input, assigned("c3", d), null), ref),
      ).toBeNull();
    }
    expect(clustering.auditAnswer?.(await logic.decide(store, input, null, "unavailable"), ref)).toBeNull();
    await store.close();
  });

  it("explains-fit keeps the decision and adds how well the specimen fits, which isLive sees", async () => {
    const store = await migrated();
    const plain = await logic.decide(store, input, assigned("c1", 1.234), null);
    const explained = await explainsFit.decide(store, input, assigned("c1", 1.234), null);
    expect(explained.decision).toBe(plain.decision);
    expect(explained.reason).toBe("fits cluster c1 (nearest c1, 90% share, distance 1.23, limit 2.50)");
    expect(explainsFitIsLive(explained)).toBe(true);
    expect(explainsFitIsLive(plain)).toBe(false);
    const held = await explainsFit.decide(store, input, null, "unavailable");
    expect(explainsFitIsLive(held)).toBe(false);
    await store.close();
  });
});
