import type { FeatureReference } from "../../features/types.ts";

export interface DetectorResult {
  statistic: number;
  threshold: number;
  drift: boolean;
  /** Values the statistic was computed on (window length, or stream length for sequential detectors). */
  n: number;
}

export interface Detector {
  readonly name: string;
  update(value: number | string): void;
  /** null until enough data. */
  check(): DetectorResult | null;
  reset(): void;
}

export interface DetectorOptions {
  windowSize: number;
  threshold: number;
}

export interface DetectorPlugin {
  name: string;
  accepts: "numeric" | "categorical";
  create(ref: FeatureReference, opts: DetectorOptions): Detector;
}

/** A finite number, or null: the schema check deals with everything else, so detectors ignore it. */
export function asNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A category key, or null. Finite numbers are keyed by their string form, like JSON object keys. */
export function asCategory(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}
