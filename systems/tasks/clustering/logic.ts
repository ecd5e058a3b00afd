import { z } from "zod";
import type { Store } from "../../kit/store/store.ts";
import type { GuardReason, Prediction, TaskLogic } from "../../kit/task.ts";

/**
 * The business: a field station bands penguins. Each specimen's measurements put it in a
 * morphological cluster; the protocols table (kept in the database, editable by the station) says
 * how a specimen of each cluster is handled. A specimen farther from its cluster's centre than
 * the limit learned at training fits no cluster: its sample is quarantined and an expert looks at
 * it (a species the model never saw, or a mismeasured bird).
 */
export const decisions = ["band-release", "band-sample", "band-moult", "refer-expert", "hold"] as const;
export type Decision = (typeof decisions)[number];

/** The protocols table's key for specimens that fit no cluster. */
export const MISFIT = "none";

const protocols: [cluster: string, decision: Decision, protocol: string][] = [
  ["c1", "band-release", "band, weigh and release"],
  ["c2", "band-sample", "band, weigh, take a blood sample for the diet study, release"],
  ["c3", "band-moult", "band, weigh, score the moult stage, release"],
  [MISFIT, "refer-expert", "quarantine the sample and refer the specimen to an expert"],
];

export interface SpecimenInput {
  island: string;
  specimen_id?: string | null;
  [field: string]: unknown;
}

export interface SpecimenOutput {
  specimen_id: string | null;
  island: string;
  cluster: string | null;
  confidence: number | null;
  /** Distance to the cluster's centre, in standardised feature units. */
  distance: number | null;
  /** The distance beyond which a specimen fits no cluster (null: the release learned none). */
  limit: number | null;
  fits: boolean | null;
  decision: Decision;
  protocol: string;
  reason: string;
}

/** The handling protocols the public API serves (`GET /api/reference`); clients read it through this schema. */
export const referenceSchema = z.object({
  protocols: z.array(z.object({ cluster: z.string(), decision: z.enum(decisions), protocol: z.string() })),
  misfit: z.string(),
});
export type Reference = z.infer<typeof referenceSchema>;

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** Whether a distance is within the limit; with no finite limit every specimen fits. */
export function fitsCluster(distance: number | null, limit: number | null): boolean {
  return !(finite(distance) && finite(limit) && distance > limit);
}

/** The decision the rules give; the scenario tests and the answer audit use it over the public reference. */
export function expectedDecision(
  ref: Reference,
  cluster: string | null,
  distance: number | null,
  limit: number | null,
): Decision {
  if (cluster === null) return "hold";
  const key = fitsCluster(distance, limit) ? cluster : ref.misfit;
  return ref.protocols.find((p) => p.cluster === key)?.decision ?? "hold";
}

const HOLD_PROTOCOL = "keep the specimen in the holding pen for an expert";

async function protocolOf(store: Store, key: string) {
  return store.get<{ decision: Decision; protocol: string }>(
    "select decision, protocol from protocols where cluster = ?",
    [key],
  );
}

export const logic: TaskLogic<SpecimenInput, SpecimenOutput> = {
  async migrate(store: Store) {
    await store.exec(
      "create table if not exists protocols (cluster text primary key, decision text not null, protocol text not null)",
    );
    for (const p of protocols) await store.run("insert or ignore into protocols values (?, ?, ?)", p);
  },

  async decide(store, input, prediction: Prediction | null, guard: GuardReason | null) {
    const base = { specimen_id: input.specimen_id ?? null, island: input.island };
    if (!prediction || prediction.label === null) {
      return {
        ...base,
        cluster: null,
        confidence: null,
        distance: null,
        limit: null,
        fits: null,
        decision: "hold",
        protocol: HOLD_PROTOCOL,
        reason: `cluster model ${guard ?? "unavailable"}: hold for an expert`,
      };
    }
    // An infinite limit (none learned) would serialise as null anyway: say so plainly.
    const limit = finite(prediction.limit) ? prediction.limit : null;
    const fits = fitsCluster(prediction.value, limit);
    const rule = await protocolOf(store, fits ? prediction.label : MISFIT);
    return {
      ...base,
      cluster: prediction.label,
      confidence: prediction.confidence,
      distance: prediction.value,
      limit,
      fits,
      decision: rule?.decision ?? "hold",
      protocol: rule?.protocol ?? HOLD_PROTOCOL,
      reason: !rule
        ? `no protocol for ${fits ? `cluster ${prediction.label}` : "misfits"}: hold for an expert`
        : fits
          ? `fits cluster ${prediction.label}`
          : "fits no cluster well",
    };
  },

  async reference(store): Promise<Reference> {
    return {
      protocols: await store.all("select cluster, decision, protocol from protocols order by cluster"),
      misfit: MISFIT,
    };
  },
};

/**
 * The default regression for the release.logic fault, a plausible off-by-one: a refactor numbered
 * clusters from 0, so the protocol lookup reads the next cluster's row (c1 gets c2's protocol, the
 * last cluster finds none and holds). Misfits are still referred. It touches nearly every answer,
 * so the business-rule monitors can see it in ordinary traffic. The same code ships in every pattern.
 */
export const readsNextProtocol: TaskLogic<SpecimenInput, SpecimenOutput> = {
  ...logic,
  async decide(store, input, prediction, guard) {
    const out = await logic.decide(store, input, prediction, guard);
    if (!out.fits || out.cluster === null) return out;
    const next = `c${Number(out.cluster.slice(1)) + 1}`;
    const rule = await protocolOf(store, next);
    return {
      ...out,
      decision: rule?.decision ?? "hold",
      protocol: rule?.protocol ?? HOLD_PROTOCOL,
      reason: rule
        ? `fits cluster ${out.cluster}`
        : `no protocol for cluster ${out.cluster}: hold for an expert`,
    };
  },
};

/**
 * A second regression (release.logic params.regression: ignores-misfits): the misfit check is
 * dropped, so every specimen gets its cluster's protocol. Only the ~1% of steady specimens beyond
 * the limit show it, until an unseen species arrives.
 */
export const ignoresMisfits: TaskLogic<SpecimenInput, SpecimenOutput> = {
  ...logic,
  async decide(store, input, prediction, guard) {
    const out = await logic.decide(store, input, prediction, guard);
    if (out.fits !== false || out.cluster === null) return out;
    const rule = await protocolOf(store, out.cluster);
    return rule
      ? { ...out, decision: rule.decision, protocol: rule.protocol, reason: `fits cluster ${out.cluster}` }
      : out;
  },
};

/**
 * The improvement for RQ2: answers say how well the specimen fits, so the bander can judge a
 * borderline case. Shipped between two model releases; RQ2 checks whether a rollback keeps it.
 */
export const explainsFit: TaskLogic<SpecimenInput, SpecimenOutput> = {
  ...logic,
  async decide(store, input, prediction, guard) {
    const out = await logic.decide(store, input, prediction, guard);
    if (out.cluster === null || !finite(out.distance) || !finite(out.confidence)) return out;
    const limit = out.limit === null ? "no limit" : `limit ${out.limit.toFixed(2)}`;
    return {
      ...out,
      reason: `${out.reason} (nearest ${out.cluster}, ${Math.round(out.confidence * 100)}% share, distance ${out.distance.toFixed(2)}, ${limit})`,
    };
  },
};

export const explainsFitIsLive = (answer: SpecimenOutput) =>
  / \(nearest c\d+, \d+% share, distance [\d.]+, (limit [\d.]+|no limit)\)$/.test(answer.reason);
