/** Statistics for the experiment report: paired and unpaired tests, effect size, bootstrap CIs. */
export { type A12Magnitude, type A12Result, a12, a12Magnitude } from "./a12.ts";
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapMedianDifference,
  bootstrapPairedMedianDifference,
  DEFAULT_RESAMPLES,
} from "./bootstrap.ts";
export { type MannWhitneyResult, mannWhitneyU } from "./mann-whitney.ts";
export { type WilcoxonResult, wilcoxonPaired, wilcoxonSignedRank } from "./wilcoxon.ts";
