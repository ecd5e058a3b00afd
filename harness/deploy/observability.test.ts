import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callJson, requestJson } from "../../systems/kit/http/client.ts";
import { alertListSchema } from "../../systems/kit/protocol/index.ts";
import { initialSplit } from "../../systems/kit/split.ts";
import { getTask } from "../../systems/tasks/index.ts";
import { startUp } from "../cli/up.ts";
import { boundedField, type Running, until } from "./system-suite.ts";

const system = "classification/three-layer";

describe(`[process] ${system} on the app observability profile`, () => {
  const task = getTask("classification");
  let sys: Running;
  beforeAll(async () => {
    sys = await startUp(system, { observability: "app" });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it("sees a broken contract only as refused requests at its public boundary, never as a schema alert", async () => {
    const good = task.toRequest(initialSplit(task).heldOut[0], 0) as Record<string, unknown>;
    const { field, max } = boundedField(task);
    for (let i = 0; i < 30; i++) {
      const res = await requestJson(`${sys.info.api}${task.route}`, { body: { ...good, [field]: max + 1 } });
      expect(res.status).toBe(422);
    }
    const alert = await until("a ServiceErrors alert", async () => {
      const { alerts } = await callJson(alertListSchema, sys.info.alerts);
      return alerts.find((a) => a.labels.alertname === "ServiceErrors");
    });
    expect(alert.labels).toMatchObject({ flow: "service", feature: "4xx", boundary: "request", unit: "app" });
    const { alerts } = await callJson(alertListSchema, sys.info.alerts);
    expect(alerts.filter((a) => a.labels.anomaly === "schema" || a.labels.anomaly === "drift")).toEqual([]);
  });
});
