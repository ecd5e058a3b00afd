import { describe, expect, it } from "vitest";
import { DEFAULT_MARGINS } from "../report/margins.ts";
import { declaredOptions, manifestSchema, runOptionsSchema } from "./manifest.ts";

const options = {
  tasks: ["classification"],
  patterns: ["three-layer", "proposed"],
  scenarios: ["schema-rename"],
  seeds: [1, 2, 3],
  workers: 1,
  quick: true,
  rq2: false,
};

describe("the run options record", () => {
  it("reads a manifest written before margins existed", () => {
    expect(runOptionsSchema.parse(options)).toEqual(options);
    expect(runOptionsSchema.parse(options).margins).toBeUndefined();
  });

  it("reads declared margins and refuses one that is not a positive number", () => {
    expect(runOptionsSchema.parse({ ...options, margins: { ttl_ms: 250 } }).margins).toEqual({ ttl_ms: 250 });
    expect(runOptionsSchema.safeParse({ ...options, margins: { ttl_ms: 0 } }).success).toBe(false);
    expect(runOptionsSchema.safeParse({ ...options, margins: { ttl_ms: "500" } }).success).toBe(false);
  });

  it("records the default margins when a run declares none, and the given ones when it does", () => {
    expect(declaredOptions(options).margins).toEqual(DEFAULT_MARGINS);
    expect(declaredOptions(options).margins).not.toBe(DEFAULT_MARGINS);
    expect(declaredOptions({ ...options, margins: { ttl_ms: 250 } }).margins).toEqual({ ttl_ms: 250 });
    expect(declaredOptions(options)).toMatchObject(options);
  });

  it("is what the manifest schema validates as options", () => {
    expect(manifestSchema.shape.options).toBe(runOptionsSchema);
  });
});
