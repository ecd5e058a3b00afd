import type { TaskDefinition } from "../task.ts";
import { classesHead } from "./classes.ts";
import { clustersHead } from "./clusters.ts";
import type { Head, HeadFit } from "./types.ts";
import { valueHead } from "./value.ts";

export { toPredictions } from "./classes.ts";
export { clusterNames } from "./clusters.ts";
export type { Head, HeadFit } from "./types.ts";

const heads = { classes: classesHead, value: valueHead, clusters: clustersHead } as const;

/** The head a task declares. Unknown kinds fail with the known ones. */
export function headOf(task: TaskDefinition): Head<HeadFit> {
  const kind = task.head?.kind;
  if (!kind || !Object.hasOwn(heads, kind))
    throw new Error(
      `task '${task.name}' has unknown head '${kind}'; known: ${Object.keys(heads).join(", ")}`,
    );
  return heads[kind] as unknown as Head<HeadFit>;
}
