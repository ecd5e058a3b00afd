/**
 * The comparison the experiment declares: the paper's baseline and the treatment it proposes. The
 * report compares the treatment with the baseline, and a study's crossover drills both; which
 * patterns run at all comes from the registry (matrix.ts).
 */
export const COMPARISON = { baseline: "three-layer", treatment: "proposed" } as const;
