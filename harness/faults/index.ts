/** The fault catalog of DESIGN.md: every fault the harness can inject, looked up by type. */
import { catalog } from "../../systems/kit/catalog.ts";
import { engineInvalid } from "./engine-invalid.ts";
import { FaultError } from "./errors.ts";
import { infraDb } from "./infra-db.ts";
import { processingSkew } from "./processing-skew.ts";
import { releaseJoint } from "./release-joint.ts";
import { releaseLogic } from "./release-logic.ts";
import { releaseModel } from "./release-model.ts";
import { schemaAdd } from "./schema-add.ts";
import { schemaDrop } from "./schema-drop.ts";
import { schemaEncoding } from "./schema-encoding.ts";
import { schemaNulls } from "./schema-nulls.ts";
import { schemaRemap } from "./schema-remap.ts";
import { schemaRename } from "./schema-rename.ts";
import { schemaRescale } from "./schema-rescale.ts";
import { schemaRetype } from "./schema-retype.ts";
import { schemaSwap } from "./schema-swap.ts";
import { schemaUnit } from "./schema-unit.ts";
import { trendConcept } from "./trend-concept.ts";
import { trendCovariate } from "./trend-covariate.ts";
import { trendNovel } from "./trend-novel.ts";
import { trendPrior } from "./trend-prior.ts";
import type { AnyFault, Cause, FaultTruth } from "./types.ts";

export { FaultError } from "./errors.ts";

/** Every fault, by type: the single list scenarios, validation and the conformance tests read. */
export const faultCatalog = catalog(
  "fault",
  [
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
    schemaUnit,
    schemaRemap,
    releaseModel,
    releaseLogic,
    releaseJoint,
    processingSkew,
    engineInvalid,
    infraDb,
  ] as AnyFault[],
  (f) => f.type,
  (kind, asked, known) => new FaultError(`unknown ${kind} '${asked}'; known: ${known.join(", ")}`),
);

export const faults: readonly AnyFault[] = faultCatalog.all();
export const faultTypes: readonly string[] = faultCatalog.names;
export const getFault = (type: string): AnyFault => faultCatalog.get(type);

/**
 * The truth a fault makes with these params (parsed here, defaults filled): its own part, flow and
 * role, or what its params resolve them to when it decides that per scenario (truth()).
 */
export function faultTruth(type: string, params: unknown): FaultTruth & { cause: Cause } {
  const f = getFault(type);
  const own = { part: f.part, cause: f.cause, flow: f.flow, at: f.at };
  return f.truth ? { ...own, ...f.truth(f.params.parse(params ?? {})) } : own;
}
