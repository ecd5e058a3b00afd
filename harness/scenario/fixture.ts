/** The smallest valid scenario: tests vary it one key at a time. */
export const minimalScenario = `title: Weather of 2014 arrives
task: classification
timeline: { requests: 600, rate: 30, initial: "2012-2013", later: "2014" }
faults:
  - { type: trend.covariate, at: 0.5 }
groundTruth: { part: ml, cause: trend }
`;
