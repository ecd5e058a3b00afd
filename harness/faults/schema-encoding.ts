/**
 * schema.encoding: a client re-encodes string values. "mojibake" reads the UTF-8 bytes as latin1
 * ("Zürich" -> "ZÃ¼rich"); an ASCII-only value survives that unchanged, so it is upper-cased
 * instead (a legacy client shouting), which keeps the fault visible. For the weather task the
 * only string model field, location, is ASCII: its mojibake is "SEATTLE" / "NEW YORK".
 * "upper" upper-cases; "accents" adds accents to vowels ("Séattlé").
 */
import { z } from "zod";
import { encodableFields, pickFields } from "./fields.ts";
import type { PayloadFault } from "./types.ts";
import { SCHEMA_FAULT } from "./types.ts";

const type = "schema.encoding";
const params = z.strictObject({
  mode: z.enum(["mojibake", "upper", "accents"]).default("mojibake"),
  /**
   * null: every category or text field the model reads; a task whose model reads none (the births
   * model reads a date and numbers) gets its request's other category and text fields instead.
   */
  fields: z.array(z.string()).min(1).nullable().default(null),
});
type Params = z.infer<typeof params>;
type Mode = Params["mode"];

const accented: Record<string, string> = {
  a: "á",
  e: "é",
  i: "í",
  o: "ó",
  u: "ú",
  A: "Á",
  E: "É",
  I: "Í",
  O: "Ó",
  U: "Ú",
};

function flipCase(s: string): string {
  const up = s.toUpperCase();
  return up !== s ? up : s.toLowerCase();
}

/** Re-encodes one string; falls back to a case change so the value always differs when it can. */
export function reencode(s: string, mode: Mode): string {
  let out: string;
  if (mode === "mojibake") out = Buffer.from(s, "utf8").toString("latin1");
  else if (mode === "accents") out = s.replace(/[aeiouAEIOU]/g, (c) => accented[c]);
  else out = s.toUpperCase();
  return out !== s ? out : flipCase(s);
}

export const schemaEncoding: PayloadFault<Params> = {
  type,
  ...SCHEMA_FAULT,
  params,
  describe: (p) =>
    `String values of ${p.fields ? p.fields.join(", ") : "the model's category and text fields"} are re-encoded (${p.mode}).`,
  features: (ctx, p) =>
    pickFields(ctx.task, p.fields, encodableFields(ctx.task), type, "category or text field"),
  prepare(ctx, p) {
    const fields = pickFields(ctx.task, p.fields, encodableFields(ctx.task), type, "category or text field");
    return (payload) => {
      const out = { ...payload };
      for (const f of fields) {
        const v = out[f];
        if (typeof v === "string") out[f] = reencode(v, p.mode);
      }
      return out;
    };
  },
};
