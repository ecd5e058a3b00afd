import {
  type Alert,
  type Cause,
  type Flow,
  type Part,
  SERVICE_FEATURES,
  type Severity,
  type Suspect,
  TRIGGER,
} from "../../systems/kit/protocol/index.ts";
import type { OperatorSurface } from "./surface.ts";

type Key = `${Part}/${Cause}`;

/**
 * The runbook's ledger: each piece of evidence adds weight to suspects (part, cause). It reads
 * alert labels and release history only, never a pattern's name: a pattern that exposes fewer
 * boundaries simply gives fewer, coarser clues.
 */
export class Scores {
  private readonly table = new Map<Key, Suspect>();
  /** Suspects whose unit came from a change (a release that went out there). */
  private readonly acted = new Set<Key>();

  has(part: Part, cause: Cause): boolean {
    return this.table.has(`${part}/${cause}`);
  }

  add(
    part: Part,
    cause: Cause,
    score: number,
    why: string,
    where: { unit?: string; flow?: Flow; feature?: string; changed?: boolean } = {},
  ): void {
    const key: Key = `${part}/${cause}`;
    const s = this.table.get(key) ?? { part, cause, score: 0, evidence: [] };
    s.score += score;
    s.evidence.push(why);
    // The unit a change went out on is where to act; a symptom only says where it showed.
    if (where.changed && where.unit && !this.acted.has(key)) {
      this.acted.add(key);
      s.unit = where.unit;
    }
    s.unit ??= where.unit;
    s.flow ??= where.flow;
    s.feature ??= where.feature;
    this.table.set(key, s);
  }

  /**
   * Highest score first; ties keep a fixed order so the same evidence gives the same ranking.
   * On a tie a change comes first: "what changed?" is an incident's first question.
   */
  ranked(): Suspect[] {
    const order: Key[] = [
      "ml/release",
      "logic/release",
      "ml/schema",
      "ml/trend",
      "ml/processing",
      "ml/engine",
      "infra/infrastructure",
    ];
    return [...this.table.values()].sort(
      (a, b) =>
        b.score - a.score || order.indexOf(`${a.part}/${a.cause}`) - order.indexOf(`${b.part}/${b.cause}`),
    );
  }
}

/**
 * The kinds of symptom an alert can show, each read from its typed anomaly and flow. Evidence is
 * weighed per kind, once: ten drifting features, or the same drift seen at three boundaries, are
 * one symptom, so how many monitors a pattern runs cannot decide a diagnosis.
 */
type SymptomKind =
  | "contract"
  | "input-drift"
  | "skew"
  | "output-drift"
  | "invalid-output"
  | "rules"
  | "accuracy"
  | "store"
  | "dependency"
  | "client-errors"
  | "server-errors"
  | "service-latency";

function kindOf(a: Alert): SymptomKind | null {
  const { anomaly, flow, feature } = a.labels;
  if (flow === "service") {
    if (anomaly === "latency") return "service-latency";
    if (anomaly !== "errors") return null;
    return feature === SERVICE_FEATURES.client
      ? "client-errors"
      : feature === SERVICE_FEATURES.server
        ? "server-errors"
        : null;
  }
  if (anomaly === "schema") return "contract";
  if (anomaly === "skew") return "skew";
  if (anomaly === "drift")
    return flow === "output" ? "output-drift" : flow === "input" ? "input-drift" : null;
  if (anomaly === "invalid") return "invalid-output";
  if (anomaly === "rules") return "rules";
  if (anomaly === "accuracy") return "accuracy";
  if (anomaly === "latency" || anomaly === "errors") return flow === "store" ? "store" : "dependency";
  return null;
}

/** What each kind of symptom says about the suspects, and whether it can come from a bad release. */
const READING: Record<SymptomKind, { weights: [Part, Cause, number][]; says: string; release: boolean }> = {
  contract: { weights: [["ml", "schema", 3]], says: "requests break the contract", release: false },
  "input-drift": {
    weights: [
      ["ml", "trend", 2],
      ["ml", "schema", 0.5],
    ],
    says: "an input's distribution moved",
    release: false,
  },
  skew: {
    weights: [
      ["ml", "schema", 1],
      ["ml", "trend", 1],
    ],
    says: "processed vectors differ from training",
    release: true,
  },
  "output-drift": {
    weights: [
      ["ml", "release", 1],
      ["ml", "trend", 1],
    ],
    says: "the engine's outputs moved",
    release: true,
  },
  // Outputs the guard refuses come from the engine as it runs, or from a release that emits them.
  "invalid-output": {
    weights: [
      ["ml", "engine", 3],
      ["ml", "release", 1],
    ],
    says: "the engine emits outputs the logic refuses",
    release: true,
  },
  rules: { weights: [["logic", "release", 3]], says: "answers break the business rules", release: true },
  accuracy: {
    weights: [
      ["ml", "release", 1.5],
      ["ml", "trend", 1.5],
    ],
    says: "users report more wrong answers",
    release: true,
  },
  store: {
    weights: [["infra", "infrastructure", 3]],
    says: "a store it depends on is slow or failing",
    release: false,
  },
  dependency: {
    weights: [
      ["infra", "infrastructure", 1.5],
      ["ml", "release", 1],
    ],
    says: "a unit it depends on is slow or failing",
    release: true,
  },
  // What a team that watches only its service's answers sees. Refusals: callers now send what the
  // service refuses (a changed payload), or a release refuses what it used to take.
  "client-errors": {
    weights: [
      ["ml", "schema", 2],
      ["logic", "release", 1],
    ],
    says: "more requests are refused as invalid",
    release: true,
  },
  "server-errors": {
    weights: [
      ["infra", "infrastructure", 1.5],
      ["logic", "release", 1],
      ["ml", "release", 1],
    ],
    says: "more requests fail inside the service",
    release: true,
  },
  "service-latency": {
    weights: [
      ["infra", "infrastructure", 1.5],
      ["ml", "release", 0.5],
    ],
    says: "the service answers slowly",
    release: true,
  },
};

/** A symptom as the runbook sees it: its kind, where it showed first, and when it began (trial clock). */
export interface Symptom {
  kind: SymptomKind;
  unit: string;
  flow: Flow;
  feature: string;
  boundary: string;
  alertname: string;
  severity: Severity;
  /** The id of the request that made the kind's earliest alert fire ("" when unknown). */
  trigger: string;
  sinceMs: number;
}

/**
 * The symptoms showing now: alerts still firing (their last event is not a resolution), grouped by
 * kind, each kind with the earliest time one of its alerts came in.
 */
export function symptoms(surface: OperatorSurface): Symptom[] {
  const latest = new Map<string, { alert: Alert; atMs: number; firstMs: number }>();
  for (const { alert, atMs } of surface.alerts()) {
    const prev = latest.get(alert.fingerprint);
    // A firing continues the one before it; after a resolution it starts anew.
    const continues = prev?.alert.status === "firing" && alert.status === "firing";
    latest.set(alert.fingerprint, { alert, atMs, firstMs: continues && prev ? prev.firstMs : atMs });
  }
  const byKind = new Map<SymptomKind, Symptom>();
  for (const { alert, firstMs } of latest.values()) {
    if (alert.status !== "firing") continue;
    const kind = kindOf(alert);
    if (!kind) continue;
    const have = byKind.get(kind);
    if (have && have.sinceMs <= firstMs) continue;
    const { unit, flow, feature, boundary, alertname, severity } = alert.labels;
    const trigger = alert.annotations[TRIGGER] ?? "";
    byKind.set(kind, { kind, unit, flow, feature, boundary, alertname, severity, trigger, sinceMs: firstMs });
  }
  return [...byKind.values()].sort((a, b) => a.sinceMs - b.sinceMs);
}

/**
 * What symptoms say together that none says alone: a flow that moved while the flow feeding it did
 * not points at the step between them. Vectors moved but the inputs they were made from did not:
 * the transform changed. Outputs moved but nothing upstream of the engine did: the engine. Each
 * outweighs what the flow's own consequences (outputs, accuracy) add to a trend, which would have
 * moved the inputs.
 */
const TOGETHER: {
  kind: SymptomKind;
  quiet: SymptomKind[];
  part: Part;
  cause: Cause;
  weight: number;
  says: string;
}[] = [
  {
    kind: "skew",
    quiet: ["input-drift", "contract"],
    part: "ml",
    cause: "processing",
    weight: 4,
    says: "processed vectors moved while the inputs they were made from did not: the transform differs",
  },
  {
    kind: "output-drift",
    quiet: ["skew", "input-drift", "contract"],
    part: "ml",
    cause: "engine",
    weight: 3,
    says: "the engine's outputs moved while nothing upstream of it did",
  },
];

/** Weighs the symptoms showing now, each kind once, then what they say together. */
export function weighSymptoms(found: Symptom[], scores: Scores): void {
  const at = (s: Symptom) => `${s.alertname} on ${s.boundary} (${s.unit}) feature ${s.feature}`;
  for (const s of found) {
    const r = READING[s.kind];
    for (const [part, cause, weight] of r.weights)
      scores.add(part, cause, weight, `${at(s)}: ${r.says}`, {
        unit: s.unit,
        flow: s.flow,
        feature: s.feature,
      });
  }
  const showing = new Set(found.map((s) => s.kind));
  for (const t of TOGETHER) {
    const s = found.find((x) => x.kind === t.kind);
    if (s && !t.quiet.some((k) => showing.has(k)))
      scores.add(t.part, t.cause, t.weight, `${at(s)}: ${t.says}`, {
        unit: s.unit,
        flow: s.flow,
        feature: s.feature,
      });
  }
}

/** Whether a kind of symptom can come from a bad release (a contract break or input drift cannot). */
export const releaseSymptom = (s: Symptom): boolean => READING[s.kind].release;

/**
 * The first anomalous request as the runbook states it: the earliest request, in traffic order, that
 * made one of the showing alerts fire. A monitor fires once its window has seen enough, so this is
 * at or after the true onset; null when no alert names its request.
 */
export function onsetOf(surface: Pick<OperatorSurface, "positionOf">, showing: Symptom[]): number | null {
  const at = showing
    .map((s) => (s.trigger ? surface.positionOf(s.trigger) : null))
    .filter((p): p is number => p !== null);
  return at.length ? Math.min(...at) : null;
}

/** How anomalous, on the alerts' own scale: critical when any showing alert is; undefined with none. */
export function severityOf(showing: Symptom[]): Severity | undefined {
  if (!showing.length) return undefined;
  return showing.some((s) => s.severity === "critical") ? "critical" : "warning";
}
