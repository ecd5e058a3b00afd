import type { Violation } from "../features/types.ts";
import { MonitorError } from "./errors.ts";

export interface SchemaWindowChange {
  /** Fields whose violating-record count is at or above minViolations after this record and that broke a rule in it. */
  reached: { field: string; count: number; example: Violation }[];
  /** Fields that no longer have any violating record in the window. */
  cleared: string[];
}

/**
 * Sliding window over records (valid ones included) counting, per field, the records that broke
 * a rule on it. A field clears only when the window holds none of its violations, so an alert
 * does not flap while a schema fault is still trickling in.
 */
export class SchemaWindow {
  private readonly records: Map<string, Violation>[] = [];
  private readonly counts = new Map<string, number>();

  constructor(
    readonly window: number,
    readonly minViolations: number,
  ) {
    if (!Number.isInteger(window) || window < 1)
      throw new MonitorError(`schema window must be a positive integer (got ${window})`);
    if (!Number.isInteger(minViolations) || minViolations < 1 || minViolations > window) {
      throw new MonitorError(
        `schema minViolations must be an integer from 1 to the window size (got ${minViolations})`,
      );
    }
  }

  get size(): number {
    return this.records.length;
  }

  push(violations: readonly Violation[]): SchemaWindowChange {
    const byField = new Map<string, Violation>();
    for (const v of violations) if (!byField.has(v.field)) byField.set(v.field, v);
    this.records.push(byField);
    for (const field of byField.keys()) this.counts.set(field, (this.counts.get(field) ?? 0) + 1);
    const cleared: string[] = [];
    while (this.records.length > this.window) {
      const old = this.records.shift() ?? new Map<string, Violation>();
      for (const field of old.keys()) {
        const left = (this.counts.get(field) ?? 0) - 1;
        if (left > 0) this.counts.set(field, left);
        else {
          this.counts.delete(field);
          cleared.push(field);
        }
      }
    }
    const reached: SchemaWindowChange["reached"] = [];
    for (const [field, example] of byField) {
      const count = this.counts.get(field) ?? 0;
      if (count >= this.minViolations) reached.push({ field, count, example });
    }
    return { reached, cleared };
  }
}
