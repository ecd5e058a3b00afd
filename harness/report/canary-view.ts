/**
 * Model releases that went out through comparative evaluation's canary (the proposed and gateway
 * patterns' way): how many its judge stopped on users' feedback before the operator rolled anything
 * back, and how fast. The operator's RQ2 rows count only rollbacks an operator made; these are the
 * system's, so the two are reported apart and never pooled.
 */

import { fmtValue, NONE } from "./format.ts";
import { extendedQuantileSorted, sortExtended } from "./stats/extended-quantile.ts";
import type { Operator, ReportModel } from "./types.ts";
import type { TableView } from "./views.ts";

export const CANARY_NOTE =
  "Trials whose model release went out by canary, per arm. Stopped by the system: its judge aborted the release on users' feedback before any operator rollback (system_rollback). Time and requests run from the canary's start to the abort; answers are the requests the canary release answered (the users it reached). Arms that release by deploy have no row.";

const median = (xs: number[]): number | null =>
  xs.length ? extendedQuantileSorted(sortExtended(xs), 0.5) : null;

/** One row per arm of the model whose trials by this operator released a model by canary; null: none did. */
export function canaryView(model: ReportModel, operator: Operator): TableView | null {
  const trials = model.trials.filter((t) => t.operator === operator && t.kind === "rq1");
  const rows = model.arms.flatMap(({ name: arm }) => {
    const ran = trials.filter((t) => t.arm === arm && t.system_rollback !== null);
    if (!ran.length) return [];
    const stopped = ran.filter((t) => t.system_rollback === true);
    const of = (k: "system_rollback_ms" | "system_rollback_requests") =>
      stopped.map((t) => t[k]).filter((v): v is number => v !== null);
    const answers = ran.map((t) => t.canary_answers).filter((v): v is number => v !== null);
    return [
      [
        arm,
        String(ran.length),
        `${stopped.length} (${fmtValue("share", stopped.length / ran.length)})`,
        stopped.length ? fmtValue("ms", median(of("system_rollback_ms"))) : NONE,
        stopped.length ? fmtValue("requests", median(of("system_rollback_requests"))) : NONE,
        fmtValue("count", median(answers)),
      ],
    ];
  });
  if (!rows.length) return null;
  return {
    header: [
      "arm",
      "releases by canary",
      "stopped by the system",
      "median time to the abort",
      "median requests to the abort",
      "median answers by the canary",
    ],
    rows,
  };
}
