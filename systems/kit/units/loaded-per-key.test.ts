import { describe, expect, it } from "vitest";
import { currentRequest, runInRequest } from "../request-context.ts";
import { loadedPerKey } from "./loaded-per-key.ts";

/** A load that resolves when the test says so. */
function gate<V>() {
  let open: (v: V) => void = () => {};
  let fail: (e: unknown) => void = () => {};
  const promise = new Promise<V>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("values loaded once per key", () => {
  it("keeps what arrives while a key loads and gives it, in order and with its request, to the value once loaded", async () => {
    const g = gate<string[]>();
    let loads = 0;
    const per = loadedPerKey<string[]>(() => {
      loads++;
      return g.promise;
    });
    const seen: string[] = [];
    for (const id of ["r1", "r2", "r3"])
      runInRequest({ id, synthetic: false }, () =>
        per.with("2", (v) => {
          v.push(id);
          seen.push(`${id}:${currentRequest()?.id}`);
        }),
      );
    expect(seen).toEqual([]);
    expect(per.loaded().size).toBe(0);
    const value: string[] = [];
    g.open(value);
    await tick();
    expect(value).toEqual(["r1", "r2", "r3"]);
    expect(seen).toEqual(["r1:r1", "r2:r2", "r3:r3"]);
    per.with("2", (v) => v.push("now"));
    expect(value.at(-1)).toBe("now");
    expect(loads).toBe(1);
    expect([...per.loaded().keys()]).toEqual(["2"]);
  });

  it("drops what waited on a failed load, says how much, and loads again on the next use", async () => {
    const first = gate<number>();
    const dropped: [string, number][] = [];
    let calls = 0;
    const per = loadedPerKey<number>(() => (++calls === 1 ? first.promise : Promise.resolve(7)), {
      maxWaiting: 2,
      onDropped: (key, count) => dropped.push([key, count]),
    });
    const got: number[] = [];
    for (let i = 0; i < 5; i++) per.with("k", (v) => got.push(v));
    first.fail(new Error("no references"));
    await tick();
    expect(dropped).toEqual([["k", 2]]);
    per.with("k", (v) => got.push(v));
    await tick();
    expect(got).toEqual([7]);
    expect(calls).toBe(2);
  });
});
