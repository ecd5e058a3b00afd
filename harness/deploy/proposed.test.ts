import path from "node:path";
import { expect, it } from "vitest";
import { z } from "zod";
import { callJson, requestJson } from "../../systems/kit/http/client.ts";
import { Lake } from "../../systems/kit/lake/index.ts";
import { describeSystem } from "./system-suite.ts";

describeSystem("classification/proposed", (get) => {
  it("lands collected requests, feedback and quarantined records in the lake as Parquet", async () => {
    const { info } = get();
    expect(
      (await requestJson(`${info.units.collector}/admin/flush`, { method: "POST", token: info.adminToken }))
        .status,
    ).toBe(200);
    const lake = await Lake.open(path.join(info.runDir, "lake"));
    try {
      expect(await lake.count("requests")).toBeGreaterThan(100);
      expect(await lake.count("feedback")).toBeGreaterThan(0);
      const rows = await lake.query<{ fields: string }>(`select fields from ${lake.table("quarantine")}`);
      expect(rows.map((r) => r.fields)).toContain("temp_max");
    } finally {
      await lake.close();
    }
  });

  it("watches every boundary it has: input drift in processing, skew before the engine, outputs at the logic", async () => {
    const { info } = get();
    const features = z.array(z.object({ feature: z.string() }));
    const bundle = await callJson(
      z.object({ inputs: features, vectors: features }),
      `${info.units.bundle}/admin/monitors`,
      { token: info.adminToken },
    );
    expect(bundle.inputs.map((s) => s.feature)).toContain("temp_max");
    expect(bundle.vectors.length).toBeGreaterThan(bundle.inputs.length);
    const logic = await callJson(
      z.object({ outputs: z.record(z.string(), z.unknown()) }),
      `${info.units.logic}/admin/monitors`,
      { token: info.adminToken },
    );
    expect(Object.keys(logic.outputs).length).toBeGreaterThan(0);
  });
});
