/** The arms table and the contrasts table (other arms against the baseline, and the attribution). */
import { fmtDiff, fmtInterval, fmtP, fmtValue, NONE } from "./format.ts";
import { measure } from "./measures.ts";
import type { Analysis, ReportModel, Rq } from "./types.ts";
import { NO_DATA, type TableView } from "./views.ts";

export function armsView(model: ReportModel): TableView {
  const { baseline, candidate } = model.patterns;
  return {
    header: ["arm", "pattern", "observability", "deploy", "trials", "role in this run", "stands for"],
    rows: model.arms.map((a) => [
      a.name,
      a.pattern,
      a.observability,
      a.deploy,
      String(a.trials),
      a.name === baseline ? "baseline" : a.name === candidate ? "treatment" : "compared with the baseline",
      a.role,
    ]),
  };
}

export const CONTRASTS_NOTE =
  'Each row compares one arm ("to") with another ("from") over all tasks and fault kinds, paired as the headline rows are. A contrast that names a factor differs from its "from" arm in that factor alone, so its difference is what that factor brings: monitoring (the baseline given the treatment\'s monitors), the split (those monitors on both sides, the pattern changed), the deploy strategy (the baseline redeployed blue-green). Each contrast\'s rows form their own family per RQ, Holm-adjusted among themselves and not across contrasts: these rows attribute the declared comparison\'s difference; they are not further confirmatory tests.';

export function contrastsView(a: Analysis, rq: Rq): TableView {
  return {
    header: [
      "contrast",
      "from",
      "to",
      "measure",
      "n from / to",
      "pairs",
      "from",
      "to",
      "difference (to - from)",
      "95% CI",
      "p (Holm)",
      "to is",
    ],
    rows: a.contrasts.flatMap((c) =>
      c.comparisons
        .filter((x) => x.rq === rq)
        .map((x) => {
          const m = measure(x.measure);
          const none = x.usable === 0;
          return [
            c.factor ?? "arm vs baseline",
            c.from,
            c.to,
            m.label,
            `${x.nBaseline} / ${x.nCandidate}`,
            String(x.pairs),
            fmtValue(m.unit, x.centerBaseline),
            fmtValue(m.unit, x.centerCandidate),
            none ? NO_DATA : x.difference ? fmtDiff(m.unit, x.difference.estimate) : NONE,
            none ? NO_DATA : x.difference ? fmtInterval(m.unit, x.difference) : NONE,
            none ? NO_DATA : fmtP(x.pHolm ?? x.p),
            x.direction,
          ];
        }),
    ),
  };
}
