/**
 * Contract versions (the paper's Section 5: new data with a new trend and a new schema). v1 is a
 * task's own contract; a later version is a revision of it: fields the model reads renamed, fields
 * added from the new data. A release records the version it was trained on and serves; a request
 * states its version in the x-contract-version header or is taken as v1; a unit answers a version
 * it does not speak with a 422 naming the version. A task at a version is the same task with that
 * version's contract, model fields, features and request shape: everything else (logic, head,
 * scenario tests) is shared, so only the schema differs between two releases' tasks.
 */
import { defineContract } from "./features/contract.ts";
import { ContractError } from "./features/errors.ts";
import type { FieldSpec, ValidationResult, Violation } from "./features/types.ts";
import type { TransformSpec } from "./features/vectorizer.ts";
import type { Row, TaskDefinition } from "./task.ts";

export const DEFAULT_CONTRACT = "v1";
/** The column a stored training row of a later version carries its version in (v1 rows have none). */
export const VERSION_COLUMN = "contract_version";

export interface ContractRevision {
  /** e.g. "v2" */
  version: string;
  /** One sentence: what changed, and where the new data comes from. */
  note: string;
  /** Fields renamed, old name -> new name: fields the model reads, never one the business logic reads. */
  rename: Record<string, string>;
  /**
   * Fields added: their spec, their value for a dataset row, and how the model reads them (absent:
   * the model ignores the field, only the payload carries it).
   */
  add: Record<
    string,
    { spec: FieldSpec; of(row: Row): string | number | null; feature?: "standardize" | "onehot" }
  >;
}

/** Every version a task declares, oldest first. */
export function contractVersions(task: TaskDefinition): string[] {
  return [DEFAULT_CONTRACT, ...(task.versions ?? []).map((r) => r.version)];
}

/** The version a task (possibly one derived by atVersion) serves. */
export const versionOf = (task: TaskDefinition): string => task.contractVersion ?? DEFAULT_CONTRACT;

function revisionOf(task: TaskDefinition, version: string): ContractRevision | null {
  if (version === DEFAULT_CONTRACT) return null;
  const found = task.versions?.find((r) => r.version === version);
  if (!found)
    throw new ContractError(
      `contract version '${version}' is not one task ${task.name} declares (known: ${contractVersions(task).join(", ")})`,
    );
  return found;
}

const renamed = (rename: Record<string, string>, field: string) => rename[field] ?? field;

function renameKeys<T>(rename: Record<string, string>, record: Record<string, T>): Record<string, T> {
  // Keep each key's place: a renamed field, not a moved one.
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [renamed(rename, k), v]));
}

const derived = new WeakMap<TaskDefinition, Map<string, TaskDefinition>>();

/** The task at one of its contract versions (v1: the task itself). Unknown versions throw, naming the known ones. */
export function atVersion(task: TaskDefinition, version: string): TaskDefinition {
  const base = task.contractVersion ? (task.base ?? task) : task;
  const revision = revisionOf(base, version);
  if (!revision) return base;
  const cache = derived.get(base) ?? new Map<string, TaskDefinition>();
  derived.set(base, cache);
  const hit = cache.get(version);
  if (hit) return hit;
  const { rename, add } = revision;
  const fields = renameKeys(rename, base.contract.fields);
  for (const [name, a] of Object.entries(add)) fields[name] = a.spec;
  const read = Object.entries(add).filter(([, a]) => a.feature);
  const at: TaskDefinition = {
    ...base,
    base,
    contractVersion: version,
    contract: defineContract({ name: base.contract.name, fields }),
    modelFields: [...base.modelFields.map((f) => renamed(rename, f)), ...read.map(([name]) => name)],
    features: [
      ...base.features.map((f) => ({ ...f, field: renamed(rename, f.field) }) as TransformSpec),
      ...read.map(([field, a]) => ({ field, kind: a.feature }) as TransformSpec),
    ],
    toRequest: (row, index) => requestAt(base, version, base.toRequest(row, index), row),
  };
  cache.set(version, at);
  return at;
}

/**
 * A v1 request as a client of a later version sends it: renamed fields, and the added ones drawn
 * from `row` (left out without one).
 */
export function requestAt(
  task: TaskDefinition,
  version: string,
  request: Record<string, unknown>,
  row?: Row,
): Record<string, unknown> {
  const revision = revisionOf(task.base ?? task, version);
  if (!revision) return request;
  const out = renameKeys(revision.rename, request);
  if (row) for (const [name, a] of Object.entries(revision.add)) out[name] = a.of(row);
  return out;
}

/** A v1 field's name at a version. */
export const fieldAt = (task: TaskDefinition, version: string, field: string): string =>
  renamed(revisionOf(task.base ?? task, version)?.rename ?? {}, field);

/** A dataset row as the new data delivers it at a version: renamed, added fields, and the version tag. */
export function versionRow(task: TaskDefinition, version: string, row: Row): Row {
  const revision = revisionOf(task, version);
  if (!revision) return row;
  const out = renameKeys(revision.rename, row);
  for (const [name, a] of Object.entries(revision.add)) out[name] = a.of(row);
  out[VERSION_COLUMN] = version;
  return out;
}

/**
 * The stored training rows of one version, projected on that version's columns (the dataset's,
 * renamed, and the added ones): a store or lake that holds rows of several versions trains each
 * release on its own version's rows only.
 */
export function rowsAt(task: TaskDefinition, version: string, rows: Row[], datasetColumns: string[]): Row[] {
  const revision = revisionOf(task, version);
  const columns = revision
    ? [...datasetColumns.map((c) => renamed(revision.rename, c)), ...Object.keys(revision.add)]
    : datasetColumns;
  return (
    rows
      .filter((r) => (r[VERSION_COLUMN] ?? DEFAULT_CONTRACT) === version)
      // Only the columns a row has: a v1 row read back as it was stored keeps its digest.
      .map((r) => Object.fromEntries(columns.filter((c) => Object.hasOwn(r, c)).map((c) => [c, r[c]])))
  );
}

/** The 422 violation of a request in a version a unit does not speak. */
export function versionViolation(field: string, stated: string, speaks: readonly string[]): Violation {
  return {
    field,
    rule: "version",
    message: `contract version '${stated.slice(0, 32)}' is not spoken here: this release speaks ${speaks.join(", ")}`,
  };
}

/** The validation verdict on a request in a version the unit does not speak. */
export const versionRefusal = (
  field: string,
  stated: string,
  speaks: readonly string[],
): ValidationResult => ({
  ok: false,
  violations: [versionViolation(field, stated, speaks)],
});
