import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeClock } from "../clock.ts";
import { type Lineage, Registry, RegistryError, UnknownReleaseError } from "./index.ts";

const lineage = (accuracy: number): Lineage => ({
  codeVersion: "abc123",
  dataDigest: "sha256:data",
  params: { epochs: 5, layers: [16, 8], optimizer: { name: "adam", lr: 0.01 } },
  metrics: { accuracy, loss: 1 - accuracy },
});

describe("Registry", () => {
  let dir: string;
  let file: string;
  let clock: ReturnType<typeof fakeClock>;
  let registry: Registry;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archdrill-"));
    file = path.join(dir, "registry.sqlite");
    clock = fakeClock(Date.parse("2024-03-01T12:00:00Z"));
    registry = Registry.open(file, { clock });
  });

  afterEach(() => {
    registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const add = (unit: string, digest: string, accuracy = 0.9) =>
    registry.register(unit, { digest, path: `/releases/${digest}`, lineage: lineage(accuracy) });

  it("numbers releases per unit from one", () => {
    expect(add("bundle", "d1").number).toBe(1);
    expect(add("bundle", "d2").number).toBe(2);
    expect(add("app", "d1").number).toBe(1);
    expect(add("bundle", "d3").number).toBe(3);
    expect(registry.list().map((r) => `${r.unit}#${r.number}`)).toEqual([
      "app#1",
      "bundle#1",
      "bundle#2",
      "bundle#3",
    ]);
    expect(registry.list("bundle").map((r) => r.digest)).toEqual(["d1", "d2", "d3"]);
  });

  it("returns the existing release when the same digest is registered again", () => {
    const first = add("bundle", "d1", 0.8);
    add("bundle", "d2");
    clock.advance(60_000);
    const again = add("bundle", "d1", 0.5);
    expect(again).toEqual(first);
    expect(registry.list("bundle")).toHaveLength(2);
  });

  it("round-trips lineage, note and the clock's timestamp", () => {
    const made = registry.register("bundle", {
      digest: "d1",
      path: "/r/d1",
      lineage: lineage(0.75),
      note: "baseline",
    });
    const read = registry.get("bundle", 1);
    expect(read).toEqual(made);
    expect(read).toEqual({
      unit: "bundle",
      number: 1,
      digest: "d1",
      path: "/r/d1",
      lineage: lineage(0.75),
      createdAt: "2024-03-01T12:00:00.000Z",
      note: "baseline",
    });
    expect(add("bundle", "d2").note).toBeNull();
  });

  it("rejects lineage whose metrics are not numbers", () => {
    const bad = { ...lineage(0.9), metrics: { accuracy: "high" } } as unknown as Lineage;
    expect(() => registry.register("bundle", { digest: "d1", path: "/r", lineage: bad })).toThrow(
      /lineage at metrics.accuracy/,
    );
    expect(registry.list()).toEqual([]);
  });

  it("names the unit and number of a release that does not exist", () => {
    add("bundle", "d1");
    expect(() => registry.get("bundle", 7)).toThrow(UnknownReleaseError);
    expect(() => registry.get("bundle", 7)).toThrow('unit "bundle" has no release 7');
    expect(() => registry.moveAlias("bundle", "prod", 2, { who: "auto" })).toThrow(/no release 2/);
    expect(registry.moves()).toEqual([]);
    expect(registry.alias("bundle", "prod")).toBeNull();
  });

  it("logs alias moves in order with who, from, to, when and why", () => {
    add("bundle", "d1");
    add("bundle", "d2");
    add("app", "a1");
    registry.moveAlias("bundle", "prod", 1, { who: "auto" });
    clock.advance(1000);
    registry.moveAlias("bundle", "prod", 2, { who: "evaluator", reason: "canary won" });
    clock.advance(1000);
    registry.moveAlias("app", "prod", 1, { who: "deploy" });
    clock.advance(1000);
    const back = registry.moveAlias("bundle", "prod", 1, { who: "alice", reason: "rollback" });
    registry.moveAlias("bundle", "prod", 1, { who: "bob" });
    expect(back).toEqual({
      id: 4,
      unit: "bundle",
      alias: "prod",
      from: 2,
      to: 1,
      who: "alice",
      at: "2024-03-01T12:00:03.000Z",
      reason: "rollback",
    });
    expect(registry.moves("bundle").map((m) => [m.from, m.to, m.who])).toEqual([
      [null, 1, "auto"],
      [1, 2, "evaluator"],
      [2, 1, "alice"],
      [1, 1, "bob"],
    ]);
    expect(registry.moves().map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(registry.alias("bundle", "prod")?.digest).toBe("d1");
    expect(registry.aliases()).toEqual([
      { unit: "app", alias: "prod", release: 1 },
      { unit: "bundle", alias: "prod", release: 1 },
    ]);
    expect(registry.aliases("app")).toEqual([{ unit: "app", alias: "prod", release: 1 }]);
  });

  it("refuses to update or delete the alias-move log and releases, even through raw SQL", () => {
    add("bundle", "d1");
    registry.moveAlias("bundle", "prod", 1, { who: "auto" });
    const raw = new Database(file);
    try {
      expect(() => raw.prepare("UPDATE alias_moves SET who = 'mallory'").run()).toThrow(/append-only/);
      expect(() => raw.prepare("DELETE FROM alias_moves").run()).toThrow(/append-only/);
      expect(() => raw.prepare("UPDATE releases SET digest = 'x'").run()).toThrow(/immutable/);
      expect(() => raw.prepare("DELETE FROM releases").run()).toThrow(/immutable/);
    } finally {
      raw.close();
    }
    expect(registry.moves()[0].who).toBe("auto");
    expect(registry.get("bundle", 1).digest).toBe("d1");
  });

  it("lets two connections on one file see each other's writes", () => {
    const other = Registry.open(file, { clock });
    try {
      add("bundle", "d1");
      expect(other.register("bundle", { digest: "d2", path: "/r/d2", lineage: lineage(0.95) }).number).toBe(
        2,
      );
      expect(other.register("bundle", { digest: "d1", path: "/r/d1", lineage: lineage(0.9) }).number).toBe(1);
      other.moveAlias("bundle", "prod", 2, { who: "evaluator" });
      expect(registry.alias("bundle", "prod")?.number).toBe(2);
      registry.moveAlias("bundle", "prod", 1, { who: "alice" });
      expect(other.moves().map((m) => m.who)).toEqual(["evaluator", "alice"]);
      expect(other.list("bundle").map((r) => r.number)).toEqual([1, 2]);
    } finally {
      other.close();
    }
    const mode = new Database(file, { readonly: true });
    expect(mode.pragma("journal_mode", { simple: true })).toBe("wal");
    mode.close();
  });

  it("numbers releases without gaps or duplicates when two processes register at once", async () => {
    const worker = path.join(import.meta.dirname, "register-worker.ts");
    const run = (writer: string) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", worker, file, writer, "40"]);
    await Promise.all([run("p1"), run("p2")]);
    const releases = registry.list("bundle");
    expect(releases.map((r) => r.number)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(new Set(releases.map((r) => r.digest)).size).toBe(80);
  });

  it("rejects empty names and a missing who", () => {
    add("bundle", "d1");
    expect(() => add("", "d9")).toThrow(RegistryError);
    expect(() => registry.moveAlias("bundle", "", 1, { who: "auto" })).toThrow(/alias must be/);
    expect(() => registry.moveAlias("bundle", "prod", 1, { who: " " })).toThrow(/who must be/);
  });
});
