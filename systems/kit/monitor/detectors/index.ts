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

export const detectorPlugins: readonly DetectorPlugin[] = [ks, chi2, psi, pageHinkley];

export function getDetector(name: string): DetectorPlugin {
  const plugin = detectorPlugins.find((p) => p.name === name);
  if (!plugin) {
    const known = detectorPlugins.map((p) => p.name).join(", ");
    throw new UnknownDetectorError(`unknown detector '${name}'; known detectors: ${known}`);
  }
  return plugin;
}
