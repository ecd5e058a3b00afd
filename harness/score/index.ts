/** The measures of a trial, as pure functions of its journal records. */
export { alertKey, type Detection, detection, distinctAlerts } from "./detection.ts";
export { acAtK, correct, type Localization, localization, type Truth } from "./localization.ts";
export { type Injection, injectionOf } from "./records.ts";
export { collateral, downtime, type Rollback, rollback } from "./rollback.ts";
export { recordedSummary, splitSystem, summarize } from "./summarize.ts";
