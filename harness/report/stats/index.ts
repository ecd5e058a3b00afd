/** Statistics for the experiment report: paired and unpaired tests, effect size, bootstrap CIs. */
export { type A12Magnitude, type A12Result, a12, a12Magnitude } from "./a12.ts";
export { canReach, minAttainableP, type RankTest } from "./attainable.ts";
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapMedianDifference,
  bootstrapPairedMedianDifference,
  DEFAULT_RESAMPLES,
} from "./bootstrap.ts";
export {
  type ClusterBootstrapInterval,
  type ClusterRow,
  clusterBootstrapMedianCI,
} from "./cluster-bootstrap.ts";
export { holm } from "./holm.ts";
export { type MannWhitneyResult, mannWhitneyU } from "./mann-whitney.ts";
export { type TostResult, tostWilcoxon } from "./tost.ts";
export { type VerdictEvidence, type VerdictLabel, verdict } from "./verdict.ts";
export { type Alternative, type WilcoxonResult, wilcoxonPaired, wilcoxonSignedRank } from "./wilcoxon.ts";
