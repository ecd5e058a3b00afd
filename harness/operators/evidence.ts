import type { Cause, Part } from "../faults/types.ts";
import type { Suspect } from "../trial/records.ts";
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

// What the output heads emit (kit/heads): classes, clusters and values.
const OUTPUT_FEATURES = new Set(["label", "confidence", "value", "distance"]);

/** Weighs the alerts raised so far. */
export function weighAlerts(surface: OperatorSurface, scores: Scores): void {
  const seen = new Set<string>();
  for (const { alert } of surface.alerts()) {
    if (alert.status !== "firing") continue;
    const { anomaly, feature, unit, boundary } = alert.labels;
    const key = `${alert.labels.alertname}|${unit}|${boundary}|${feature}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = { unit, feature };
    const at = `${alert.labels.alertname} on ${boundary} (${unit}) feature ${feature}`;
    if (anomaly === "schema") scores.add("ml", "schema", 3, `${at}: requests break the contract`, where);
    else if (anomaly === "skew") {
      scores.add("ml", "schema", 1, `${at}: processed vectors differ from training`, where);
      scores.add("ml", "trend", 1, `${at}: processed vectors differ from training`, where);
    } else if (anomaly === "drift" && OUTPUT_FEATURES.has(feature)) {
      scores.add("ml", "release", 1, `${at}: the engine's outputs moved`, where);
      scores.add("ml", "trend", 1, `${at}: the engine's outputs moved`, where);
    } else if (anomaly === "drift" && surface.inputFeatures.includes(feature)) {
      scores.add("ml", "trend", 2, `${at}: an input's distribution moved`, where);
      scores.add("ml", "schema", 0.5, `${at}: an input's distribution moved (units or encoding?)`, where);
    } else if (anomaly === "rules") {
      scores.add("logic", "release", 3, `${at}: answers break the business rules`, where);
    } else if (anomaly === "accuracy") {
      scores.add("ml", "release", 1.5, `${at}: users report more wrong answers`, where);
      scores.add("ml", "trend", 1.5, `${at}: users report more wrong answers (concept shift?)`, where);
    } else if (anomaly === "latency" || anomaly === "errors") {
      const dependency = feature === "sqlite" ? 3 : 1.5;
      scores.add("infra", "infrastructure", dependency, `${at}: a dependency is slow or failing`, where);
      if (feature !== "sqlite")
        scores.add("ml", "release", 1, `${at}: the engine's unit is slow or failing`, where);
    }
  }
}

/** Production moves since `sinceMs` (trial clock), per unit. */
export function recentMoves(surface: OperatorSurface, sinceWallMs: number) {
  return surface.units.flatMap((unit) =>
    surface
      .releases(unit)
      // Production moves only: a canary split is comparative evaluation, not a release going out.
      .moves.filter((m) => m.alias === "production" && Date.parse(m.at) >= sinceWallMs && m.from !== null)
      .map((m) => ({ unit, from: m.from as number, to: m.to })),
  );
}
