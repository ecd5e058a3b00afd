/**
 * The inference fault hook: faults that live inside the serving process and pass the request
 * contract (processing.skew, engine.invalid). Off unless the harness turns it on through the unit's
 * admin route; predictor.ts consults it on every vectorize and infer, so every pattern's serving
 * path has it. Process-wide on purpose: the skew or the broken engine runtime is the process's,
 * not a release's, so moving an alias to another release does not clear it.
 */
import type { FittedTransform } from "../features/transforms/index.ts";
import { Vectorizer } from "../features/vectorizer.ts";
import type {
  EngineInvalid,
  InferenceFault,
  InferenceFaultPatch,
  ProcessingSkew,
} from "../protocol/index.ts";
import { type Rng, rng, shuffled } from "../random.ts";
import type { Prediction } from "../task.ts";

let current: InferenceFault = { processing: null, engine: null };
let engineRandom: Rng = rng(0);
// One skewed copy per served vectorizer and fault, so a request does not rebuild it.
let skewed = new WeakMap<Vectorizer, Vectorizer>();

export function inferenceFault(): InferenceFault {
  return { ...current };
}

/** Applies a patch: a stage given sets (or, null, clears) its fault; a stage left out keeps its own. */
export function setInferenceFault(patch: InferenceFaultPatch): InferenceFault {
  if (patch.processing !== undefined) {
    current = { ...current, processing: patch.processing };
    skewed = new WeakMap();
  }
  if (patch.engine !== undefined) {
    current = { ...current, engine: patch.engine };
    engineRandom = rng(`${patch.engine?.seed ?? 0}:engine-invalid`);
  }
  return inferenceFault();
}

// A token or category no request can carry (tokenize never yields a control character): the
// position stays, so ids and one-hot columns keep their meaning, but nothing matches it any more.
const forgotten = (i: number) => `\u0000dropped:${i}`;

function forget(values: string[], share: number, random: Rng): string[] {
  const n = Math.round(values.length * share);
  const gone = new Set(shuffled(values, random).slice(0, n));
  return values.map((v, i) => (gone.has(v) ? forgotten(i) : v));
}

function skewTransform(t: FittedTransform, f: ProcessingSkew): FittedTransform {
  const random = rng(`${f.seed}:${t.field}:processing-skew`);
  switch (t.kind) {
    case "standardize":
      return { ...t, mean: t.mean + f.shift * t.std, std: t.std * f.stretch };
    case "onehot":
      return { ...t, categories: forget(t.categories, f.drop, random) };
    case "tokens":
      return { ...t, vocab: forget(t.vocab, f.drop, random) };
    default:
      // Dates and identities carry no fitted statistics to go stale.
      return t;
  }
}

/** The vectorizer serving uses: the release's own, or its stale copy while processing.skew is on. */
export function servingVectorizer(v: Vectorizer): Vectorizer {
  const f = current.processing;
  if (!f) return v;
  let hit = skewed.get(v);
  if (!hit) {
    hit = Vectorizer.fromJSON({ transforms: v.toJSON().transforms.map((t) => skewTransform(t, f)) });
    skewed.set(v, hit);
  }
  return hit;
}

/**
 * What an engine emits that the logic does not expect, by the fields a prediction has: NaN; out of
 * range (a share reported as a percentage, a value with its sign flipped); a label no head knows.
 */
function corrupt(p: Prediction, mode: EngineInvalid["mode"]): Prediction {
  const num = (x: number | null, bad: (x: number) => number) => (x === null ? null : bad(x));
  if (mode === "nan")
    return {
      ...p,
      confidence: num(p.confidence, () => Number.NaN),
      value: num(p.value, () => Number.NaN),
      scores: Object.fromEntries(Object.keys(p.scores).map((k) => [k, Number.NaN])),
    };
  if (mode === "range")
    return {
      ...p,
      confidence: num(p.confidence, (x) => x * 100),
      value: num(p.value, (x) => -1 - Math.abs(x)),
    };
  return p.label === null ? p : { ...p, label: "unknown" };
}

/** The engine's answers as served: the head's, or with a share corrupted while engine.invalid is on. */
export function servedPredictions(ps: Prediction[]): Prediction[] {
  const f = current.engine;
  if (!f) return ps;
  return ps.map((p) => (engineRandom() < f.rate ? corrupt(p, f.mode) : p));
}
