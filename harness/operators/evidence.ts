import type { Cause, Part, Suspect } from "../../systems/kit/protocol/index.ts";
import type { OperatorSurface } from "./surface.ts";

type Key = `${Part}/${Cause}`;

/**
 * The runbook's rules: each kind of evidence adds weight to suspects (part, cause). They read
 * alert labels and release history only, never a pattern's name: a pattern that exposes fewer
 * boundaries simply gives fewer, coarser clues.
 */
export class Scores {
  private readonly table = new Map<Key, Suspect>();

  has(part: Part, cause: Cause): boolean {
    return this.table.has(`${part}/${cause}`);
  }

  add(
    part: Part,
    cause: Cause,
    score: number,
    why: string,
    where: { unit?: string; feature?: string } = {},
  ): void {
    const key: Key = `${part}/${cause}`;
    const s = this.table.get(key) ?? { part, cause, score: 0, evidence: [] };
    s.score += score;
    s.evidence.push(why);
    s.unit ??= where.unit;
    s.feature ??= where.feature;
    this.table.set(key, s);
  }

  /**
   * Highest score first; ties keep a fixed order so the same evidence gives the same ranking.
   * On a tie a change comes first: "what changed?" is an incident's first question.
   */
  ranked(): Suspect[] {
    const order: Key[] = ["ml/release", "logic/release", "ml/schema", "ml/trend", "infra/infrastructure"];
    return [...this.table.values()].sort(
      (a, b) =>
        b.score - a.score || order.indexOf(`${a.part}/${a.cause}`) - order.indexOf(`${b.part}/${b.cause}`),
    );
  }
}

/**
 * Weighs the alerts raised so far by what their labels say: the anomaly and the flow it was seen
 * on (typed by the monitor that fired), never by the wording of a name.
 */
export function weighAlerts(surface: OperatorSurface, scores: Scores): void {
  const seen = new Set<string>();
  for (const { alert } of surface.alerts()) {
    if (alert.status !== "firing") continue;
    const { anomaly, flow, feature, unit, boundary } = alert.labels;
    const key = `${alert.labels.alertname}|${unit}|${boundary}|${feature}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = { unit, feature };
    const at = `${alert.labels.alertname} on ${boundary} (${unit}) feature ${feature}`;
    switch (anomaly) {
      case "schema":
        scores.add("ml", "schema", 3, `${at}: requests break the contract`, where);
        break;
      case "skew":
        scores.add("ml", "schema", 1, `${at}: processed vectors differ from training`, where);
        scores.add("ml", "trend", 1, `${at}: processed vectors differ from training`, where);
        break;
      case "drift":
        if (flow === "output") {
          scores.add("ml", "release", 1, `${at}: the engine's outputs moved`, where);
          scores.add("ml", "trend", 1, `${at}: the engine's outputs moved`, where);
        } else if (flow === "input") {
          scores.add("ml", "trend", 2, `${at}: an input's distribution moved`, where);
          scores.add("ml", "schema", 0.5, `${at}: an input's distribution moved (units or encoding?)`, where);
        }
        break;
      case "rules":
        scores.add("logic", "release", 3, `${at}: answers break the business rules`, where);
        break;
      case "accuracy":
        scores.add("ml", "release", 1.5, `${at}: users report more wrong answers`, where);
        scores.add("ml", "trend", 1.5, `${at}: users report more wrong answers (concept shift?)`, where);
        break;
      case "latency":
      case "errors":
        if (flow === "store")
          scores.add("infra", "infrastructure", 3, `${at}: a store it depends on is slow or failing`, where);
        else {
          scores.add("infra", "infrastructure", 1.5, `${at}: a dependency is slow or failing`, where);
          scores.add("ml", "release", 1, `${at}: the engine's unit is slow or failing`, where);
        }
        break;
    }
  }
}

/** Production moves since `sinceWallMs` (wall clock), per unit. */
export async function recentMoves(surface: OperatorSurface, sinceWallMs: number) {
  const out: { unit: string; from: number; to: number }[] = [];
  // Production moves only: a canary split is comparative evaluation, not a release going out.
  for (const unit of surface.units)
    for (const m of (await surface.releases(unit)).moves)
      if (m.alias === "production" && Date.parse(m.at) >= sinceWallMs && m.from !== null)
        out.push({ unit, from: m.from, to: m.to });
  return out;
}
