/**
 * Training reference distributions, stored with a release for drift and skew checks.
 *
 * What the reference holds for each contract field type (referenceValue() is the same mapping, so a
 * monitor at serving time computes exactly what training stored):
 *   number, integer -> the value itself, numeric sample
 *   category        -> the category string, counts (every contract category present, 0 if unseen)
 *   date            -> the month 1-12, numeric sample under the field's own name
 *   text            -> the length in characters, numeric sample under the field's own name
 * Values that map to null (missing, wrong type, unreadable) are left out of the reference.
 */
import { rng } from "../random.ts";
import { parseIsoDate } from "./dates.ts";
import { ReferenceBuildError } from "./errors.ts";
import type { Contract, FeatureReference, FieldSpec, Reference } from "./types.ts";

export interface SampleOptions {
  sampleSize: number;
  seed: number;
}

export function referenceValue(spec: FieldSpec, value: unknown): number | string | null {
  switch (spec.type) {
    case "number":
    case "integer":
      return typeof value === "number" && Number.isFinite(value) ? value : null;
    case "category":
      return typeof value === "string" ? value : null;
    case "date":
      return typeof value === "string" ? (parseIsoDate(value)?.month ?? null) : null;
    case "text":
      return typeof value === "string" ? value.length : null;
  }
}

function checkOptions(opts: SampleOptions): void {
  if (!Number.isSafeInteger(opts.sampleSize) || opts.sampleSize < 1) {
    throw new ReferenceBuildError(`sampleSize must be a positive integer (got ${opts.sampleSize})`);
  }
}

/**
 * Up to n values without replacement by a partial Fisher-Yates shuffle. Seeded per field, so adding
 * a field never changes another field's sample.
 */
function sample(values: number[], n: number, seed: string): number[] {
  const out = values.slice();
  const k = Math.min(n, out.length);
  const random = rng(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (out.length - i));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, k);
}

export function buildReference(
  c: Contract,
  rows: Record<string, unknown>[],
  opts: SampleOptions & { fields?: string[] },
): Reference {
  checkOptions(opts);
  const fields = opts.fields ?? Object.keys(c.fields);
  const out: Reference = {};
  for (const field of fields) {
    if (!Object.hasOwn(c.fields, field)) {
      throw new ReferenceBuildError(
        `field '${field}' is not in contract '${c.name}' (known: ${Object.keys(c.fields).join(", ")})`,
      );
    }
    const spec = c.fields[field];
    const values = rows.map((r) => referenceValue(spec, r?.[field])).filter((x) => x !== null);
    if (spec.type === "category") {
      const counts: Record<string, number> = Object.fromEntries(spec.categories.map((k) => [k, 0]));
      for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
      out[field] = { field, kind: "categorical", counts };
    } else {
      const nums = values.filter((x): x is number => typeof x === "number");
      out[field] = { field, kind: "numeric", sample: sample(nums, opts.sampleSize, `${opts.seed}:${field}`) };
    }
  }
  return out;
}

/** One numeric reference per vector dimension, for the processing -> engine boundary. */
export function vectorReference(names: string[], vectors: number[][], opts: SampleOptions): Reference {
  checkOptions(opts);
  if (new Set(names).size !== names.length) throw new ReferenceBuildError("vector dimension names repeat");
  vectors.forEach((v, i) => {
    if (v.length !== names.length) {
      throw new ReferenceBuildError(`vector ${i} has ${v.length} dimensions, expected ${names.length}`);
    }
  });
  const out: Reference = {};
  names.forEach((name, d) => {
    const values = vectors.map((v) => v[d]).filter((x) => Number.isFinite(x));
    const ref: FeatureReference = {
      field: name,
      kind: "numeric",
      sample: sample(values, opts.sampleSize, `${opts.seed}:${name}`),
    };
    out[name] = ref;
  });
  return out;
}
