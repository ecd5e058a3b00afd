import { createHash } from "node:crypto";
import { UnknownNameError } from "../catalog.ts";
import type { Lineage, Release } from "../registry/index.ts";
import type { TaskDefinition, TaskLogic } from "../task.ts";

/**
 * What a release is made of. A three-layer `app` release holds a model and a logic version
 * together; a proposed `bundle` release holds the model, a `logic` release the logic. Comparing
 * two releases' components says what a deploy or a rollback really changed.
 */
export interface Components {
  /** Digest of the model release (engine + processing). */
  model?: string;
  /** "baseline", or the name of a business-logic regression the task defines. */
  logic?: string;
}

export const BASELINE = "baseline";

export function componentsOf(r: Release | null): Components {
  return ((r?.lineage.params as { components?: Components } | undefined)?.components ?? {}) as Components;
}

export function componentsDigest(c: Components): string {
  return createHash("sha256")
    .update(JSON.stringify({ model: c.model ?? null, logic: c.logic ?? null }))
    .digest("hex");
}

/** Lineage of a release made of these components (model lineage kept when there is one). */
export function componentLineage(c: Components, base: Partial<Lineage> & { codeVersion: string }): Lineage {
  return {
    codeVersion: base.codeVersion,
    dataDigest: base.dataDigest ?? "none",
    params: { ...(base.params ?? {}), components: c },
    metrics: base.metrics ?? {},
  };
}

/** Parts that differ between two releases: what moving from one to the other reverts or changes. */
export function changedParts(a: Release | null, b: Release | null): string[] {
  const ca = componentsOf(a);
  const cb = componentsOf(b);
  return (["model", "logic"] as const).filter((k) => (ca[k] ?? null) !== (cb[k] ?? null) && (ca[k] || cb[k]));
}

/** The business logic a release runs: the task's own, or one of its named regressions. */
export function logicFor(
  task: TaskDefinition,
  name: string | undefined,
): TaskLogic<Record<string, unknown>, Record<string, unknown>> {
  if (!name || name === BASELINE) return task.logic;
  if (task.improvement?.name === name) return task.improvement.logic;
  const r = task.regressions[name];
  if (!r)
    throw new UnknownNameError(`logic of task ${task.name}`, name, [
      BASELINE,
      ...Object.keys(task.regressions),
      ...(task.improvement ? [task.improvement.name] : []),
    ]);
  return r;
}
