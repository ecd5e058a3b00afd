import { z } from "zod";
import { observabilitySchema } from "./arm.ts";

/** What a unit process receives, as JSON in ARCHDRILL_UNIT, from whoever starts it. */
export const unitConfigSchema = z.object({
  system: z.string().min(1),
  task: z.string().min(1),
  pattern: z.string().min(1),
  unit: z.string().min(1),
  port: z.number().int().min(0).max(65_535),
  runDir: z.string().min(1),
  adminToken: z.string().min(1),
  alertWebhook: z.string().nullable(),
  /** Base URLs of the units this one needs. */
  peers: z.record(z.string(), z.string()),
  seed: z.number().int().nonnegative(),
  /** Which monitors the unit runs (the arm's observability profile). */
  observability: observabilitySchema,
  /** Where releases are cached by content digest, and the code version their lineage records. */
  cacheDir: z.string().min(1),
  codeVersion: z.string().min(1),
  /** The system's database in services mode (a mysql:// URL); absent: the run's SQLite file. */
  database: z.string().min(1).nullable().optional(),
  /**
   * A side instance for the operator's replay tool (or a three-layer canary): serve this release
   * instead of production, with this database, and take no part in the system's data flows.
   */
  replay: z.object({ release: z.number().int().positive(), dbFile: z.string().min(1) }).optional(),
});
export type UnitConfig = z.infer<typeof unitConfigSchema>;
