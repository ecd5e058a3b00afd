import { z } from "zod";
import type { TransformPlugin } from "./plugin.ts";

export interface MonthCyclicState {
  field: string;
  kind: "month-cyclic";
}

const MONTH = /^\d{4}-(\d{2})/;

/** Month 1-12 of a yyyy-mm-dd string (or a Date, read in UTC), else null. */
export function monthOf(x: unknown): number | null {
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? null : x.getUTCMonth() + 1;
  if (typeof x !== "string") return null;
  const m = MONTH.exec(x);
  const month = m ? Number(m[1]) : 0;
  return month >= 1 && month <= 12 ? month : null;
}

/**
 * sin and cos of 2*pi*(month-1)/12, so December sits next to January. A missing or unreadable date
 * becomes [0, 0], the centre of the circle: no month is favoured.
 */
export const monthCyclic: TransformPlugin<MonthCyclicState> = {
  kind: "month-cyclic",
  state: z.object({ field: z.string(), kind: z.literal("month-cyclic") }),
  fit: (field) => ({ field, kind: "month-cyclic" }),
  names: (t) => [`${t.field}:month_sin`, `${t.field}:month_cos`],
  apply(_t, value) {
    const month = monthOf(value);
    if (month === null) return [0, 0];
    const a = (2 * Math.PI * (month - 1)) / 12;
    return [Math.sin(a), Math.cos(a)];
  },
};
