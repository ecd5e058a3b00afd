import type { UnitContext } from "../http/context.ts";
import { proxyTo } from "../http/proxy.ts";
import { mountReleaseAdmin } from "../http/release-admin.ts";
import { createService } from "../http/service.ts";
import { mountUi } from "../http/ui-files.ts";
import type { Registry } from "../registry/index.ts";
import type { TaskDefinition } from "../task.ts";

export interface UiDeps {
  ctx: UnitContext;
  task: TaskDefinition;
  adminToken: string;
  /** Where the task's API is: the logic unit. */
  logicUrl: string;
  /** The system's registry: the ui has no releases of its own, but answers for them like every unit. */
  registry: Registry;
}

/** What the page calls, forwarded to the logic (the page's fetches are relative to where it was loaded). */
const FORWARDED = ["/api/*path", "/openapi.json"] as const;

/**
 * A `ui` unit (the paper's Figure 2 draws the UI apart from the business logic): it serves the
 * task's page and forwards the page's API calls to the logic unchanged, as a UI server with a
 * rewrite rule to its API does. It holds no logic, no data and no model, and runs no monitors of
 * its own: API clients call the logic directly, so this hop is only ever on the page's path.
 */
export async function createUiUnit(deps: UiDeps) {
  const { ctx } = deps;
  const { metrics, logger, alerts } = ctx;
  const service = createService({ metrics, logger, alerts, adminToken: deps.adminToken });
  mountUi(service.app, deps.task);
  const forward = proxyTo(deps.logicUrl, { name: "logic" });
  for (const route of FORWARDED)
    service.app.all(route, (req, res) => {
      // The proxy answers after routing has moved on: name the route for the unit's metrics.
      res.locals.route = route;
      forward(req, res, () => undefined);
    });
  mountReleaseAdmin(service.admin, { unit: ctx.unit, registry: deps.registry });
  return {
    app: service.finish(),
    close: async () => {
      await ctx.alerts.close();
      deps.registry.close();
    },
  };
}
