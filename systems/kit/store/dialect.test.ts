import { describe, expect, it } from "vitest";
import { statements, toMysql } from "./dialect.ts";

describe("the SQLite-to-MySQL spelling", () => {
  it("turns autoincrement keys, insert or ignore and begin into MySQL's", () => {
    expect(toMysql("create table if not exists t (id integer primary key autoincrement, v text)")).toBe(
      "create table if not exists t (id integer primary key auto_increment, v text)",
    );
    expect(toMysql("insert or ignore into venues values (?, ?)")).toBe(
      "insert ignore into venues values (?, ?)",
    );
    expect(toMysql("begin")).toBe("start transaction");
  });

  it("gives text keys a length, single and composite, and leaves other text columns alone", () => {
    expect(toMysql("create table w (id text primary key, name text not null)")).toBe(
      "create table w (id varchar(191) primary key, name text not null)",
    );
    expect(
      toMysql(
        "create table r (kind text not null, weather text not null, reason text not null, primary key (kind, weather))",
      ),
    ).toBe(
      "create table r (kind varchar(191) not null, weather varchar(191) not null, reason text not null, primary key (kind, weather))",
    );
    expect(toMysql("create table f (intent text not null unique, q text)")).toBe(
      "create table f (intent varchar(191) not null unique, q text)",
    );
  });

  it("quotes the reserved column names release and key, but not inside strings, longer names or primary key", () => {
    expect(toMysql("insert into decisions (ts, release, release_unit) values (?, ?, ?)")).toBe(
      "insert into decisions (ts, `release`, release_unit) values (?, ?, ?)",
    );
    expect(toMysql("select value from settings where key = ? and note = 'the release key'")).toBe(
      "select value from settings where `key` = ? and note = 'the release key'",
    );
    expect(toMysql("create table s (key varchar(191) primary key, value text)")).toBe(
      "create table s (`key` varchar(191) primary key, value text)",
    );
  });

  it("splits a script into its statements", () => {
    expect(statements("create table a (x int);\n  create table b (y int);  ")).toEqual([
      "create table a (x int)",
      "create table b (y int)",
    ]);
  });
});
