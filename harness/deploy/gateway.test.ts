/**
 * The gateway-routing pattern on every task, through the same suite as the other patterns
 * (scenario tests, bad input, alerts, metrics, UI in a browser, release and rollback), and what
 * only it has: one public address routing to the logic and to the inference service.
 */
import { expect, it } from "vitest";
import { z } from "zod";
import { callJson, requestJson } from "../../systems/kit/http/client.ts";
import { tasks } from "../../systems/tasks/index.ts";
import { describeSystem } from "./system-suite.ts";

describeSystem("classification/gateway", (get) => {
  it("routes the public API to the logic and /infer to the inference service, with metrics per route", async () => {
    const { info } = get();
    const gateway = info.units.gateway;
    const refs = await requestJson(`${gateway}/infer/reference?alias=baseline`);
    expect(refs.status).toBe(200);
    expect(refs.body).toMatchObject({ release: { unit: "inference" } });
    const metrics = await (await fetch(`${gateway}/metrics`)).text();
    expect(metrics).toMatch(/archdrill_http_requests_total\{route="route:logic",method="POST",status="200"/);
    expect(metrics).toMatch(/route="route:inference",method="GET",status="200"/);
    const routes = await callJson(
      z.object({ routes: z.array(z.object({ name: z.string(), upstream: z.string() })) }),
      `${gateway}/admin/routes`,
      { token: info.adminToken },
    );
    expect(Object.fromEntries(routes.routes.map((r) => [r.name, r.upstream]))).toEqual({
      inference: info.units.inference,
      logic: info.units.logic,
    });
  });
});

// The chatbot has no bounded numeric field for the suite's bad input: chatbot.test.ts drives it in a browser.
for (const task of tasks.names.filter((t) => t !== "classification" && t !== "chatbot"))
  describeSystem(`${task}/gateway`);
