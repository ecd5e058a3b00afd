/** The fault catalog of DESIGN.md: every fault the harness can inject, looked up by type. */
import { FaultError } from "./errors.ts";
import { infraDb } from "./infra-db.ts";
import { releaseLogic } from "./release-logic.ts";
import { releaseModel } from "./release-model.ts";
import { schemaAdd } from "./schema-add.ts";
import { schemaDrop } from "./schema-drop.ts";
import { schemaEncoding } from "./schema-encoding.ts";
import { schemaNulls } from "./schema-nulls.ts";
import { schemaRename } from "./schema-rename.ts";
import { schemaRescale } from "./schema-rescale.ts";
import { schemaRetype } from "./schema-retype.ts";
import { schemaSwap } from "./schema-swap.ts";
import { trendConcept } from "./trend-concept.ts";
import { trendCovariate } from "./trend-covariate.ts";
import { trendNovel } from "./trend-novel.ts";
import { trendPrior } from "./trend-prior.ts";
import type { AnyFault } from "./types.ts";

export { FaultError } from "./errors.ts";

export const faults: readonly AnyFault[] = Object.freeze([
  trendCovariate,
  trendPrior,
  trendConcept,
  trendNovel,
  schemaRename,
  schemaDrop,
  schemaAdd,
  schemaRetype,
  schemaRescale,
  schemaNulls,
  schemaSwap,
  schemaEncoding,
  releaseModel,
  releaseLogic,
  infraDb,
]);

export const faultTypes: readonly string[] = Object.freeze(faults.map((f) => f.type));

export function getFault(type: string): AnyFault {
  const f = faults.find((x) => x.type === type);
  if (!f) throw new FaultError(`unknown fault '${type}'; known: ${faultTypes.join(", ")}`);
  return f;
}
