import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactUrl, withDatabase } from "../protocol/index.ts";
import { openStore } from "./index.ts";
import type { Store } from "./store.ts";
import { mysqlAvailable, testMysql } from "./testing.ts";

const available = await mysqlAvailable();
const database = `archdrill_store_test_${process.pid}`;

describe("URLs of the paper's database", () => {
  it("hides the password in messages and puts a database in the path", () => {
    expect(redactUrl("mysql://root:secret@db:3306/x")).toBe("mysql://root:***@db:3306/x");
    expect(withDatabase("mariadb://root@127.0.0.1:3306/", "archdrill_a")).toBe(
      "mysql://root@127.0.0.1:3306/archdrill_a",
    );
  });
});

describe.skipIf(!available)("[services] the MySQL/MariaDB store", () => {
  let store: Store;
  beforeAll(() => {
    // The store makes its database on its first connection, as a system's units do.
    store = openStore(withDatabase(testMysql, database));
  });
  afterAll(async () => {
    await store?.exec(`drop database if exists ${database}`);
    await store?.close();
  });

  it("makes its database on the server when it is missing", async () => {
    const server = openStore(testMysql);
    try {
      await store.all("select 1");
      expect(await server.all("show databases like ?", [database])).toHaveLength(1);
      await expect(openStore(withDatabase(testMysql, "Bad-Name")).all("select 1")).rejects.toThrow(
        /must match/,
      );
    } finally {
      await server.close();
    }
  });

  it("runs the systems' SQLite-spelled tables and statements, with ids, counts and booleans as SQLite gives them", async () => {
    expect(store.kind).toBe("mysql");
    await store.exec(`
      create table if not exists decisions (id integer primary key autoincrement, ts text not null, release text not null, guard text);
      create table if not exists settings (key text primary key, value text not null);
      create table if not exists rules (kind text not null, weather text not null, ok integer, primary key (kind, weather))`);
    const a = await store.run("insert into decisions (ts, release, guard) values (?, ?, ?)", [
      "t1",
      "bundle@1",
      null,
    ]);
    const b = await store.run("insert into decisions (ts, release, guard) values (?, ?, ?)", [
      "t2",
      "bundle@2",
      "nan",
    ]);
    expect([a.lastId, b.lastId, b.changes]).toEqual([1, 2, 1]);
    expect(await store.all("select id, release, guard from decisions order by id")).toEqual([
      { id: 1, release: "bundle@1", guard: null },
      { id: 2, release: "bundle@2", guard: "nan" },
    ]);
    await store.run("insert or ignore into settings values (?, ?)", ["mode", "a"]);
    await store.run("insert or ignore into settings values (?, ?)", ["mode", "b"]);
    expect(await store.get("select value from settings where key = ?", ["mode"])).toEqual({ value: "a" });
    await store.run("insert or ignore into rules values (?, ?, ?)", ["park", "rain", true]);
    expect(await store.get("select count(*) as n from rules where ok = ?", [true])).toEqual({ n: 1 });
  });

  it("compares strings as SQLite does (case matters)", async () => {
    await store.exec("create table if not exists words (w text primary key)");
    await store.run("insert into words values (?)", ["Rain"]);
    await store.run("insert into words values (?)", ["rain"]);
    expect(await store.get("select count(*) as n from words where w = ?", ["rain"])).toEqual({ n: 1 });
  });

  it("keeps what a transaction commits and says which server it could not reach", async () => {
    await store.exec("create table if not exists rows_ (v integer)");
    await store.exec("begin");
    for (let i = 0; i < 5; i++) await store.run("insert into rows_ values (?)", [i]);
    await store.exec("commit");
    expect(await store.get("select count(*) as n from rows_")).toEqual({ n: 5 });
    const nowhere = openStore("mysql://root:pw@127.0.0.1:9/none");
    await expect(nowhere.all("select 1")).rejects.toThrow(
      /cannot connect to mysql:\/\/root:\*\*\*@127\.0\.0\.1:9\/none/,
    );
  });
});
