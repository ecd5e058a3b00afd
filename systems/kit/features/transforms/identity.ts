import { z } from "zod";
import { readNumber, type TransformPlugin } from "./plugin.ts";

export interface IdentityState {
  field: string;
  kind: "identity";
}

/** The value as a number. Missing becomes 0, as Number(null) does; non-numeric becomes NaN. */
export const identity: TransformPlugin<IdentityState> = {
  kind: "identity",
  state: z.object({ field: z.string(), kind: z.literal("identity") }),
  fit: (field) => ({ field, kind: "identity" }),
  names: (t) => [t.field],
  apply: (_t, value) => [readNumber(value) ?? 0],
};
