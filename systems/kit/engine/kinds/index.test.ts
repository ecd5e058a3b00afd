import { describe, expect, it } from "vitest";
import { EngineError } from "../errors.ts";
import { modelKind, modelKindNames } from "./index.ts";

describe("modelKind", () => {
  it("finds the mlp plugin by name", () => {
    expect(modelKind("mlp").kind).toBe("mlp");
    expect(modelKindNames).toContain("mlp");
  });

  it("finds the embed plugin by name", () => {
    expect(modelKind("embed").kind).toBe("embed");
  });

  it("rejects an unknown kind, listing the known ones", () => {
    expect(() => modelKind("svm")).toThrow(EngineError);
    expect(() => modelKind("svm")).toThrow(/unknown model kind "svm"; known kinds: mlp, kmeans, embed/);
    expect(() => modelKind("toString")).toThrow(/known kinds/);
  });
});
