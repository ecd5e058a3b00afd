import { describe, expect, it } from "vitest";
import { canaryRoute } from "./canary.ts";
import { RegistryError } from "./errors.ts";

const keys = Array.from({ length: 10_000 }, (_, i) => `request-${i}`);

describe("canaryRoute", () => {
  it("sends close to the fraction of 10k keys to the canary", () => {
    for (const fraction of [0.05, 0.1, 0.5, 0.9]) {
      const share = keys.filter((k) => canaryRoute(k, fraction, 7)).length / keys.length;
      // Binomial sd at n=10k is at most 0.005: three of them is a generous but real bound.
      expect(Math.abs(share - fraction)).toBeLessThan(0.015);
    }
  });

  it("routes each key the same way every time for one seed", () => {
    const first = keys.map((k) => canaryRoute(k, 0.3, 42));
    expect(keys.map((k) => canaryRoute(k, 0.3, 42))).toEqual(first);
  });

  it("splits differently under another seed", () => {
    const a = keys.map((k) => canaryRoute(k, 0.5, 1));
    const b = keys.map((k) => canaryRoute(k, 0.5, 2));
    const agree = a.filter((x, i) => x === b[i]).length / keys.length;
    expect(agree).toBeGreaterThan(0.45);
    expect(agree).toBeLessThan(0.55);
  });

  it("keeps a key in the canary when the fraction grows", () => {
    const small = keys.filter((k) => canaryRoute(k, 0.1, 3));
    expect(small.every((k) => canaryRoute(k, 0.2, 3))).toBe(true);
  });

  it("never routes at fraction 0 and always at fraction 1", () => {
    expect(keys.some((k) => canaryRoute(k, 0, 5))).toBe(false);
    expect(keys.every((k) => canaryRoute(k, 1, 5))).toBe(true);
  });

  it("rejects a fraction outside [0, 1]", () => {
    for (const bad of [-0.1, 1.5, Number.NaN]) expect(() => canaryRoute("k", bad, 1)).toThrow(RegistryError);
  });
});
