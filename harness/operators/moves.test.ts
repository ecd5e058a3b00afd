import { describe, expect, it } from "vitest";
import type { AliasMove } from "../../systems/kit/protocol/index.ts";
import { movesOf } from "./moves.ts";

const WALL = Date.parse("2026-01-01T00:00:00Z");
let id = 0;
const m = (alias: string, from: number | null, to: number, atMs: number): AliasMove => ({
  id: id++,
  unit: "bundle",
  alias,
  from,
  to,
  who: "x",
  at: new Date(WALL + atMs).toISOString(),
  reason: null,
});

describe("releases that went out, from a unit's alias-move log", () => {
  it("lists production moves since the watch began, not the initial release or earlier moves", () => {
    const log = [m("production", null, 1, -500), m("production", 1, 2, -100), m("production", 2, 3, 400)];
    expect(movesOf("bundle", log, WALL)).toEqual([{ unit: "bundle", from: 2, to: 3, atMs: 400 }]);
  });

  it("lists a canary start as a release beside production, and not its end", () => {
    const log = [m("production", null, 1, -500), m("canary", 1, 2, 300), m("canary", 2, 1, 900)];
    expect(movesOf("bundle", log, WALL)).toEqual([
      { unit: "bundle", from: 1, to: 2, atMs: 300, canary: true },
    ]);
  });

  it("lists a promoted canary twice: its start, then production's move", () => {
    const log = [m("production", null, 1, -500), m("canary", 1, 2, 300), m("production", 1, 2, 900)];
    expect(movesOf("bundle", log, WALL).map((x) => x.canary ?? false)).toEqual([true, false]);
  });
});
