import { catalog } from "../../catalog.ts";
import { UnknownDetectorError } from "../errors.ts";
import { chi2 } from "./chi2.ts";
import { ks } from "./ks.ts";
import { pageHinkley } from "./page-hinkley.ts";
import { psi } from "./psi.ts";
import type { DetectorPlugin } from "./types.ts";

export { chi2, chiSquare } from "./chi2.ts";
export { ks, ksPValue, ksStatistic } from "./ks.ts";
export { type PageHinkleyParams, pageHinkley, pageHinkleyPlugin } from "./page-hinkley.ts";
export { PSI_EPSILON, populationStability, psi } from "./psi.ts";
export type { Detector, DetectorOptions, DetectorPlugin, DetectorResult } from "./types.ts";

/** Every drift detector, by name: a release's monitoring configuration names the ones it uses. */
export const detectors = catalog(
  "detector",
  [ks, chi2, psi, pageHinkley],
  (p) => p.name,
  (kind, asked, known) =>
    new UnknownDetectorError(`unknown ${kind} '${asked}'; known detectors: ${known.join(", ")}`),
);

export const detectorPlugins: readonly DetectorPlugin[] = detectors.all();
export const getDetector = (name: string): DetectorPlugin => detectors.get(name);
