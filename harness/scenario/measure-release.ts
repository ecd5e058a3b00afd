/**
 * The initial release of a task, as every trial starts on it: trained on the initial period's
 * training rows in training order (the way both patterns train it), reused from the release cache
 * by content digest, loaded for inference. Kept per task for the life of the process, so measuring
 * every scenario of a task loads its model once.
 */
import type { TokensState } from "../../systems/kit/features/transforms/index.ts";
import type { ReleaseReferences } from "../../systems/kit/release/artifact.ts";
import { feedbackJudge } from "../../systems/kit/release/monitors.ts";
import { infer, type LoadedRelease, loadRelease, vectorize } from "../../systems/kit/release/predictor.ts";
import { buildModelRelease } from "../../systems/kit/release/train.ts";
import { initialSplit, trainingOrder } from "../../systems/kit/split.ts";
import type { Prediction, Row, TaskDefinition } from "../../systems/kit/task.ts";
import { cacheDir, codeVersion } from "../paths.ts";

export interface InitialRelease {
  task: TaskDefinition;
  digest: string;
  loaded: LoadedRelease;
  references: ReleaseReferences;
  /** The rows it was trained on. */
  training: Row[];
  /** Whether the right answer to a request is what the release answered, judged as users' feedback is. */
  correct(prediction: Prediction, label: string): boolean;
  /** The release's processing: records to the vectors its engine reads, and the vectors' names. */
  vectorize(records: Record<string, unknown>[]): number[][];
  vectorNames: string[];
  /** The engine and its head: vectors to predictions. */
  infer(vectors: number[][]): Prediction[];
  /** The release's fitted text transforms (their vocabularies), if it reads text. */
  tokens: TokensState[];
}

const releases = new Map<string, Promise<InitialRelease>>();

/** The answer field feedback judges: a label, or a value for a head that answers with one. */
const answered = (p: Prediction) => (p.value !== null && p.label === null ? p.value : p.label);

async function build(task: TaskDefinition): Promise<InitialRelease> {
  const training = trainingOrder(initialSplit(task).train, task);
  const built = await buildModelRelease(task, training, {
    cacheDir: cacheDir(),
    codeVersion: codeVersion(),
    variant: {},
  });
  const loaded = await loadRelease(built.dir);
  const judge = feedbackJudge(task, loaded.head);
  return {
    task,
    digest: built.digest,
    loaded,
    references: loaded.references,
    training,
    correct: (p, label) => judge(answered(p), { label }),
    vectorize: (records) => vectorize(loaded, records),
    vectorNames: loaded.vectorizer.featureNames(),
    infer: (vectors) => infer(task, loaded, vectors),
    tokens: loaded.vectorizer.toJSON().transforms.filter((t): t is TokensState => t.kind === "tokens"),
  };
}

export function initialRelease(task: TaskDefinition): Promise<InitialRelease> {
  let r = releases.get(task.name);
  if (!r) {
    r = build(task);
    // A failed build is not cached: the next call tries again.
    r.catch(() => releases.delete(task.name));
    releases.set(task.name, r);
  }
  return r;
}

/** Frees the loaded models (tests and one-shot commands call this at the end). */
export async function disposeReleases(): Promise<void> {
  const all = [...releases.values()];
  releases.clear();
  for (const r of all) {
    try {
      (await r).loaded.model.dispose();
    } catch {
      // A release that failed to load holds nothing to free.
    }
  }
}
