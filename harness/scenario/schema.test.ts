import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { getFault } from "../faults/index.ts";
import { minimalScenario as minimal } from "./fixture.ts";
import { parseScenario } from "./load.ts";
import { jsonSchema, jsonSchemaFile, scenarioSchema } from "./schema.ts";

describe("the scenario schema", () => {
  it("parses a minimal scenario and fills every default", () => {
    const s = parseScenario(minimal, "x.yaml");
    expect(s.timeline).toEqual({
      requests: 600,
      rate: 30,
      seed: 1,
      initial: "2012-2013",
      later: "2014",
      feedbackDelay: 25,
    });
    expect(s.steadyState).toEqual({ checks: [], tolerance: { accuracy: 0.05 } });
    expect(s.rollback).toEqual({ expect: false });
    expect(s.rq2).toBeUndefined();
    expect(s.faults[0].width).toBe(0);
  });

  it("replaces a fault's params by the fault's own parse of them, defaults filled", () => {
    const s = parseScenario(minimal.replace("at: 0.5", "at: 0.5, params: { shift: 3 }"), "x.yaml");
    expect(s.faults[0].params).toEqual(getFault("trend.covariate").params.parse({ shift: 3 }));
    expect(s.faults[0].params.shift).toBe(3);
  });

  it("takes an RQ2 schema change as a contract version the task declares and defaults logicImprovement to false", () => {
    const s = parseScenario(`${minimal}rq2: { variant: "2014", schema: v2 }\n`, "x.yaml");
    expect(s.rq2?.logicImprovement).toBe(false);
    expect(s.rq2?.schema).toBe("v2");
    expect(parseScenario(`${minimal}rq2: { variant: "2014" }\n`, "x.yaml").rq2?.schema).toBeNull();
  });

  it("refuses an RQ2 schema change to a contract version the task does not declare, naming the ones it does", () => {
    expect(() => parseScenario(`${minimal}rq2: { variant: "2014", schema: v3 }\n`, "x.yaml")).toThrow(
      /rq2\.schema.*must be a later contract version task 'classification' declares \(v2\), not 'v3'/,
    );
  });

  it("accepts a gradual fault whose ramp lies on the timeline and refuses one that runs past its end", () => {
    expect(() => parseScenario(minimal.replace("at: 0.5", "at: 0.5, width: 0.3"), "x.yaml")).not.toThrow();
    expect(() => parseScenario(minimal.replace("at: 0.5", "at: 0.9, width: 0.3"), "x.yaml")).toThrow(
      /key 'faults\[0\]\.width' must end by the timeline's end/,
    );
  });

  it("matches the committed JSON Schema (run `npx archdrill scenarios --write-schema` when this fails)", () => {
    const committed: unknown = JSON.parse(fs.readFileSync(jsonSchemaFile, "utf8"));
    expect(
      committed,
      "scenarios/scenario.schema.json is out of date: run `npx archdrill scenarios --write-schema`",
    ).toEqual(jsonSchema());
  });

  it("gives editors the fault catalog and refuses unknown keys in the JSON Schema", () => {
    const schema = jsonSchema() as {
      additionalProperties: boolean;
      properties: { faults: { items: { properties: { type: { enum: string[] } } } } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.faults.items.properties.type.enum).toContain("release.model");
    expect(scenarioSchema.safeParse({}).success).toBe(false);
  });
});
