import { catalog } from "../catalog.ts";
import type { TaskDefinition } from "../task.ts";
import { classesHead } from "./classes.ts";
import { clustersHead } from "./clusters.ts";
import type { Head, HeadFit } from "./types.ts";
import { valueHead } from "./value.ts";

export { toPredictions } from "./classes.ts";
export { clusterNames } from "./clusters.ts";
export type { Head, HeadFit } from "./types.ts";

/** Every output head, by the kind a task's HeadSpec names. */
export const heads = catalog(
  "head",
  [classesHead, valueHead, clustersHead] as unknown as Head<HeadFit>[],
  (h) => h.kind,
);

/** The head a task declares. Unknown kinds fail with the known ones. */
export const headOf = (task: TaskDefinition): Head<HeadFit> => heads.get(String(task.head?.kind));
