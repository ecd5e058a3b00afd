import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { observedStore, openStore } from "./index.ts";

describe("store", () => {
  it("stores and reads rows with parameters, booleans as integers", async () => {
    const s = openStore(":memory:");
    await s.exec("create table t (id integer primary key, name text, ok integer)");
    const r = await s.run("insert into t (name, ok) values (?, ?)", ["a'); drop table t; --", true]);
    expect(r).toEqual({ changes: 1, lastId: 1 });
    expect(await s.all("select name, ok from t")).toEqual([{ name: "a'); drop table t; --", ok: 1 }]);
    expect(await s.get("select count(*) as n from t")).toEqual({ n: 1 });
    await s.close();
  });

  it("lets a second connection read what the first wrote to a file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
    const a = openStore(`sqlite:${path.join(dir, "db", "x.sqlite")}`);
    await a.exec("create table t (v integer)");
    await a.run("insert into t values (?)", [7]);
    const b = openStore(path.join(dir, "db", "x.sqlite"));
    expect(await b.all("select v from t")).toEqual([{ v: 7 }]);
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs a statement it has compiled before on a table dropped and made again, and any number of distinct statements", async () => {
    const s = openStore(":memory:");
    await s.exec("create table t (v integer)");
    await s.run("insert into t values (?)", [1]);
    await s.exec("drop table t; create table t (v integer, w text)");
    await expect(s.run("insert into t values (?)", [2])).rejects.toThrow(/2 columns/);
    await s.run("insert into t (v) values (?)", [3]);
    expect(await s.all("select v from t")).toEqual([{ v: 3 }]);
    for (let i = 0; i < 600; i++) expect(await s.get(`select ${i} as n`)).toEqual({ n: i });
    await s.close();
  });

  it("refuses a URL scheme it does not know, naming the known one", () => {
    expect(() => openStore("postgres://x")).toThrow(/known: sqlite/);
  });

  it("reports each call's duration and outcome to the observer, and still throws errors", async () => {
    const seen: boolean[] = [];
    const s = observedStore(openStore(":memory:"), (_ms, ok) => seen.push(ok));
    await s.exec("create table t (v integer)");
    await expect(s.all("select nope from t")).rejects.toThrow();
    expect(seen).toEqual([true, false]);
  });
});
