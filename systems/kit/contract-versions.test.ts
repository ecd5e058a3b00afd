import { describe, expect, it } from "vitest";
import { classification } from "../tasks/classification/task.ts";
import {
  atVersion,
  contractVersions,
  fieldAt,
  requestAt,
  rowsAt,
  VERSION_COLUMN,
  versionOf,
  versionRow,
} from "./contract-versions.ts";
import { validate } from "./features/contract.ts";
import type { Row, TaskDefinition } from "./task.ts";

const task = classification as unknown as TaskDefinition;
const row: Row = {
  location: "Seattle",
  date: "2014-06-01",
  precipitation: 0,
  temp_max: 25,
  temp_min: 12,
  wind: 3,
  weather: "sun",
};
const columns = ["location", "date", "precipitation", "temp_max", "temp_min", "wind", "weather"];

describe("contract versions", () => {
  it("lists v1 and the versions a task declares, and gives the task itself at v1", () => {
    expect(contractVersions(task)).toEqual(["v1", "v2"]);
    expect(atVersion(task, "v1")).toBe(task);
    expect(versionOf(task)).toBe("v1");
  });

  it("derives the task at v2 with the renamed field in place, the added field read by the model", () => {
    const v2 = atVersion(task, "v2");
    expect(versionOf(v2)).toBe("v2");
    expect(Object.keys(v2.contract.fields)).toEqual([
      "location",
      "date",
      "precipitation",
      "temp_max",
      "temp_min",
      "wind_speed",
      "venue",
      "temp_mean",
    ]);
    expect(v2.modelFields).toContain("wind_speed");
    expect(v2.modelFields).toContain("temp_mean");
    expect(v2.modelFields).not.toContain("wind");
    expect(v2.features.map((f) => f.field)).toEqual([
      ...task.features.map((f) => f.field).map((f) => (f === "wind" ? "wind_speed" : f)),
      "temp_mean",
    ]);
    // Derived once: a unit asking twice gets the same task (its monitors key on it).
    expect(atVersion(task, "v2")).toBe(v2);
    expect(atVersion(v2, "v1")).toBe(task);
  });

  it("makes a v2 request that passes the v2 contract and breaks the v1 one", () => {
    const v2 = atVersion(task, "v2");
    const request = v2.toRequest(row, 0);
    expect(request).toMatchObject({ wind_speed: 3, temp_mean: 18.5 });
    expect(validate(v2.contract, request).ok).toBe(true);
    const v1 = validate(task.contract, request);
    expect(v1.ok).toBe(false);
    if (!v1.ok) expect(v1.violations.map((v) => `${v.field}:${v.rule}`)).toContain("wind:required");
  });

  it("refuses a version the task does not declare, naming the ones it does", () => {
    expect(() => atVersion(task, "v9")).toThrow(
      /'v9' is not one task classification declares \(known: v1, v2\)/,
    );
  });

  it("renames a hand-written v1 body and adds the new fields only when given the row", () => {
    expect(requestAt(task, "v2", { wind: 1, venue: "x" })).toEqual({ wind_speed: 1, venue: "x" });
    expect(requestAt(task, "v2", { wind: 1 }, row)).toEqual({ wind_speed: 1, temp_mean: 18.5 });
    expect(requestAt(task, "v1", { wind: 1 }, row)).toEqual({ wind: 1 });
    expect(fieldAt(task, "v2", "wind")).toBe("wind_speed");
    expect(fieldAt(task, "v2", "temp_max")).toBe("temp_max");
  });

  it("trains each version on its own rows: tagged v2 rows for v2, untagged rows for v1, each as stored", () => {
    const delivered = versionRow(task, "v2", row);
    expect(delivered[VERSION_COLUMN]).toBe("v2");
    // The lake merges columns by name: a v1 row read back carries the v2 columns as nulls.
    const stored = [
      { ...row, wind_speed: null, temp_mean: null, [VERSION_COLUMN]: null },
      { ...delivered, wind: null },
    ];
    expect(rowsAt(task, "v1", stored, columns)).toEqual([row]);
    expect(rowsAt(task, "v2", stored, columns)).toEqual([
      {
        location: "Seattle",
        date: "2014-06-01",
        precipitation: 0,
        temp_max: 25,
        temp_min: 12,
        wind_speed: 3,
        weather: "sun",
        temp_mean: 18.5,
      },
    ]);
  });
});
