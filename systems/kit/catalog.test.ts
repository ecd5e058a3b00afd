import { describe, expect, it } from "vitest";
import { catalog, UnknownNameError } from "./catalog.ts";

describe("a catalog of named plugins", () => {
  const colours = catalog("colour", [{ id: "red" }, { id: "blue" }], (c) => c.id);

  it("lists the names in registration order and finds each entry", () => {
    expect(colours.names).toEqual(["red", "blue"]);
    expect(colours.get("blue")).toEqual({ id: "blue" });
    expect(colours.has("green")).toBe(false);
  });

  it("refuses an unknown name with a typed error listing the known ones", () => {
    expect(() => colours.get("green")).toThrow(UnknownNameError);
    expect(() => colours.get("green")).toThrow("unknown colour 'green'; known: red, blue");
  });

  it("throws the area's own error when given one", () => {
    class PaintError extends Error {}
    const paints = catalog(
      "paint",
      [{ id: "red" }],
      (c) => c.id,
      (_k, a) => new PaintError(a),
    );
    expect(() => paints.get("green")).toThrow(PaintError);
  });

  it("refuses a name registered twice", () => {
    expect(() => catalog("colour", [{ id: "red" }, { id: "red" }], (c) => c.id)).toThrow(/registered twice/);
  });
});
