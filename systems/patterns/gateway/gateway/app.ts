import type { UnitContext } from "../../../kit/http/context.ts";
import { proxyTo } from "../../../kit/http/proxy.ts";
import { createService } from "../../../kit/http/service.ts";
import { serviceMonitor } from "../../../kit/release/monitors.ts";

export interface GatewayDeps {
  ctx: UnitContext;
  adminToken: string;
  logicUrl: string;
  inferenceUrl: string;
}

/** The path prefix the gateway routes to the inference service; everything else goes to the logic. */
export const INFERENCE_PREFIX = "/infer";

/**
 * The `gateway` of the gateway-routing pattern (the paper's Figure 3): one public address that
 * routes the UI's and clients' calls to the business-logic service or to the inference service.
 * It holds no logic and no model; what it adds is its own metrics per route (load, latency,
 * error answers: the gateway team's view, in every observability profile) and a hop on every call.
 */
export async function createGateway(deps: GatewayDeps) {
  const { ctx } = deps;
  const service = createService({
    metrics: ctx.metrics,
    logger: ctx.logger,
    adminToken: deps.adminToken,
    alerts: ctx.alerts,
  });
  const routes = [
    { name: "inference", prefix: INFERENCE_PREFIX, paths: [INFERENCE_PREFIX, `${INFERENCE_PREFIX}/*path`] },
    { name: "logic", prefix: "", paths: ["{/*path}"] },
  ].map((r) => ({ ...r, url: r.name === "logic" ? deps.logicUrl : deps.inferenceUrl }));
  for (const r of routes) {
    const forward = proxyTo(r.url, { name: r.name, strip: r.prefix || undefined });
    const watch = serviceMonitor(ctx, `route:${r.name}`);
    service.app.all(r.paths, (req, res) => {
      res.locals.route = `route:${r.name}`;
      const started = performance.now();
      forward(req, res, (status) => watch.observe(performance.now() - started, status));
    });
  }
  service.admin.get("/routes", (_req, res) =>
    res.json({ routes: routes.map((r) => ({ name: r.name, prefix: r.prefix || "/", upstream: r.url })) }),
  );
  return {
    app: service.finish(),
    close: async () => {
      await ctx.alerts.close();
    },
  };
}
