import { describe, expect, it } from "vitest";
import { EngineError } from "../errors.ts";
import { modelKind, modelKindNames } from "./index.ts";

describe("modelKind", () => {
  it("finds the mlp plugin by name", () => {
    expect(modelKind("mlp").kind).toBe("mlp");
    expect(modelKindNames).toContain("mlp");
  });

  it("rejects an unknown kind, listing the known ones", () => {
    expect(() => modelKind("kmeans")).toThrow(EngineError);
    expect(() => modelKind("kmeans")).toThrow(/unknown model kind "kmeans"; known kinds: mlp/);
    expect(() => modelKind("toString")).toThrow(/known kinds/);
  });
});
