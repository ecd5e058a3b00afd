/**
 * The report model: everything the report says, computed once from a run directory and written as
 * report.json. Renderers (Markdown, HTML, CSV, text) only read it. JSON-serialisable throughout:
 * +-Infinity ("not reached") is written as "+inf" / "-inf" (see extended.ts).
 */
import type { JournalRecord, Summary } from "../../systems/kit/protocol/index.ts";
import type { Ext } from "./extended.ts";

export type Rq = "rq1" | "rq2";
export type Operator = Summary["operator"];
export type Better = "lower" | "higher";

/** One finished trial: its summary, its id in the plan, what kind of trial and fault it was. */
export interface TrialRow extends Summary {
  id: string;
  kind: Rq;
  /** trend, schema, release, infra ... (the fault up to its first "."); "rq2" for an RQ2 drill. */
  faultKind: string;
  /** The journal's last line was torn by a crash (and dropped) after the summary was written. */
  truncated: boolean;
  /** A human drill's who and how long (its journal's drill record); absent for the runbook's trials. */
  drill?: Omit<Extract<JournalRecord, { type: "drill" }>, "type" | "at_ms">;
  /** A human drill's answers to the three questions; absent when none were given. */
  questionnaire?: Answers;
  /**
   * Summary fields the journal's summary did not hold (written before they existed): filled in as not
   * measured, and left out of every figure and comparison that reads them. Absent when it held them all.
   */
  unmeasured?: string[];
}

export type QuestionKey = "helped_identify" | "helped_rollback" | "would_adopt";
export type Answers = Record<QuestionKey, number> & { comment: string };

/** One question's answers in one group: counts of each point of the 1..5 scale, their median. */
export interface LikertFigure {
  n: number;
  /** counts[k] is how many answered k + 1. */
  counts: [number, number, number, number, number];
  median: number | null;
}

/** A pattern's answers over all tasks (task "all") or in one task. */
export interface QuestionnaireRow {
  task: string;
  pattern: string;
  /** Finished drills in the group, and how many of them answered the questions. */
  drills: number;
  answered: number;
  questions: Record<QuestionKey, LikertFigure>;
}

export interface QuestionnaireComment {
  id: string;
  task: string;
  pattern: string;
  team: string | null;
  /** The participant's own text, as given: renderers escape it. */
  comment: string;
}

export interface Questionnaire {
  scale: string;
  questions: { key: QuestionKey; text: string; short: string }[];
  /** Per pattern over all tasks, then per task and pattern when drills span more than one task. */
  rows: QuestionnaireRow[];
  comments: QuestionnaireComment[];
}

/** One team's drills of one task, per pattern: a human pair needs both patterns. */
export interface TeamRow {
  team: string;
  task: string;
  drills: Record<string, string[]>;
  paired: boolean;
}

export interface Teams {
  teams: number;
  rows: TeamRow[];
  /** Drills whose journal names no team: never paired. */
  unteamed: string[];
}

export interface Unfinished {
  id: string;
  /** not started: no journal; no summary: the trial stopped part-way; unreadable: a damaged journal. */
  state: "not started" | "no summary" | "unreadable";
  detail?: string;
}

export interface Interval {
  estimate: Ext | null;
  low: Ext | null;
  high: Ext | null;
  level: number;
  resamples: number;
}

export interface MedianFigure {
  stat: "median";
  n: number;
  /** Trials where the thing never happened: counted as worse than any time. */
  censored: number;
  median: Ext | null;
  q1: Ext | null;
  q3: Ext | null;
  /** Seeded bootstrap CI of this median (what `compare` holds another run's figure against). */
  ci: Interval | null;
}

export interface RateFigure {
  stat: "rate";
  n: number;
  count: number;
  rate: number | null;
}

export interface MeanFigure {
  stat: "mean";
  n: number;
  mean: number | null;
}

export type Figure = MedianFigure | RateFigure | MeanFigure;

export interface Cell {
  trials: number;
  figures: Record<string, Figure>;
}

/** One row of an RQ table: a task (or "all") and a fault kind (or "all"), each pattern side by side. */
export interface TableRow {
  task: string;
  faultKind: string;
  cells: Record<string, Cell>;
}

export interface RqTable {
  rq: Rq;
  measures: string[];
  rows: TableRow[];
}

/**
 * better / worse: a difference shown (the test, Holm-adjusted for a headline row, and the CI agree);
 * equivalent: the difference shown to lie within the declared margin (TOST and the CI); inconclusive:
 * neither; no data: nothing was measured on both sides (stats/verdict.ts holds the rule).
 */
export type Direction = "better" | "worse" | "equivalent" | "inconclusive" | "no data";

/**
 * How the CI of the difference resamples: pairs (the paired bootstrap), samples (each pattern's on its
 * own), or clusters (pooled rows: tasks, then seeds within a task, or teams for human drills).
 */
export type Resampling = "pairs" | "samples" | "task, seed" | "task, team";

/** One comparison of the candidate pattern against the baseline on one measure in one group. */
export interface Comparison {
  operator: Operator;
  rq: Rq;
  measure: string;
  better: Better;
  task: string;
  faultKind: string;
  nBaseline: number;
  nCandidate: number;
  censoredBaseline: number;
  censoredCandidate: number;
  /** Median (or rate, for a 0/1 measure) of each pattern. */
  centerBaseline: Ext | null;
  centerCandidate: Ext | null;
  /** Same task, scenario, kind and seed finished under both patterns (human drills: same team, task and kind). */
  pairs: number;
  /** Pairs where at least one side never reached the measured event. */
  pairsCensored: number;
  /** Trials without a partner under the other pattern. */
  unmatched: number;
  /**
   * What carries a difference: usable pairs (paired design; a pair where neither pattern reached the
   * event carries none) or trials (unpaired; none when neither pattern ever reached it). 0: no data.
   */
  usable: number;
  /** paired: at least half of each pattern's trials pair; unpaired otherwise; none without data. */
  design: "paired" | "unpaired" | "none";
  wilcoxon: { n: number; w: number; p: number; method: string } | null;
  mannWhitney: { u: number; p: number; method: string } | null;
  /** The design's test: Wilcoxon when paired, Mann-Whitney when unpaired (raw, two-sided). */
  p: number | null;
  /**
   * headline: the pooled row (all tasks, all fault kinds) of a compared measure; one family per operator
   * and RQ, Holm-adjusted. exploratory: per task or per fault kind, not corrected for multiplicity.
   */
  family: "headline" | "exploratory";
  /** p Holm-adjusted within the headline family; null for exploratory rows and rows without a test. */
  pHolm: number | null;
  /** The smallest p the design's exact test can give at this size (Wilcoxon: non-zero differences; Mann-Whitney: both sizes). */
  minP: number | null;
  /** minP < alpha: without it no data could make the row better or worse. */
  canReach: boolean;
  /**
   * Equivalence by two one-sided Wilcoxon tests on the usable paired differences, against the measure's
   * declared margin (its unit); pHolm over the headline family's equivalence tests. null: no margin,
   * a rate (no equivalence test for rates), an unpaired design or no data.
   */
  tost: { margin: number; n: number; p: number; pHolm: number | null } | null;
  /** P(candidate value > baseline value), ties half. */
  a12: number | null;
  a12Magnitude: string | null;
  /** The pattern A12 favours given which way is better, or "neither" at exactly 0.5. */
  favours: string | null;
  /**
   * candidate - baseline with its CI: for times and counts the median of paired differences (paired)
   * or the difference of medians (unpaired); for a 0/1 measure the difference in rates.
   */
  difference:
    | (Interval & { kind: "paired" | "unpaired"; statistic: "median" | "rate"; resampling: Resampling })
    | null;
  direction: Direction;
}

export interface Verdict {
  operator: Operator;
  rq: Rq;
  primary: string;
  support: string;
  direction: Direction;
  /** "RQ1 (localize failures): proposed better". */
  heading: string;
  /** One sentence: the answer. */
  statement: string;
  /** The figures behind it, in words. */
  evidence: string;
  support_statement: string;
  /** Whether the supporting measure points the same way (null: one of them shows no difference). */
  supportAgrees: boolean | null;
  caveats: string[];
  disagreeingTasks: { task: string; direction: string }[];
}

export interface Analysis {
  operator: Operator;
  trials: number;
  rq1: RqTable;
  /** RQ2 from the Section 5 drills when the run has them (else from rollbacks during incidents). */
  rq2: RqTable;
  /** With drills: RQ2's second table, rollbacks during an incident (fault trials); null without drills. */
  rq2Incident?: RqTable | null;
  comparisons: Comparison[];
  verdicts: Verdict[];
  /** Other arms against the baseline, and the attribution contrasts (report/arms.ts); empty with two arms. */
  contrasts: ArmContrast[];
  /** Human drills only: the questionnaire's answers and who drilled with whom (pairing by team). */
  questionnaire?: Questionnaire;
  teams?: Teams;
}

/** An arm with finished trials: its factors as its journals give them, and what it stands for. */
export interface ArmRow {
  name: string;
  pattern: string;
  observability: string;
  deploy: string;
  role: string;
  trials: number;
}

/**
 * One arm against another, pooled over all tasks and kinds: `to` is the candidate, `from` the
 * baseline of its comparisons; `factor` names the one factor they differ in (null: any arm vs the
 * declared baseline).
 */
export interface ArmContrast {
  label: string;
  factor: string | null;
  from: string;
  to: string;
  operator: Operator;
  comparisons: Comparison[];
}

export interface Resolution {
  /** The largest uncertainty of a unit's clock offset over the finished trials. */
  clockMs: number | null;
  /** Per pattern, the largest 95th percentile of alert delivery (firing to receipt) over its trials. */
  deliveryP95Ms: Record<string, number | null>;
}

export interface ReportModel {
  format: "archdrill-report/2";
  runId: string;
  /** run: an experiment's run directory; drill journals: a folder of drills without a run's plan. */
  layout: "run" | "drill journals";
  manifest: Record<string, unknown>;
  /** The manifest flattened to key / value rows for tables. */
  manifestRows: [string, string][];
  /** The compared arms: the declared baseline and the candidate (treatment). */
  patterns: { baseline: string; candidate: string };
  /** Every arm with finished trials, the compared two first. */
  arms: ArmRow[];
  counts: {
    planned: number;
    finished: number;
    unfinished: Unfinished[];
    /** Finished journals whose torn last line was dropped. */
    truncated: string[];
    /** Finished trials found on disk that the plan does not list (counted, and said). */
    notPlanned: string[];
    failedSteps: { id: string; steps: string[] }[];
  };
  method: {
    alpha: number;
    level: number;
    resamples: number;
    rule: string;
    pairing: string;
    /** How human drills pair (by team and task); present when the run has human drills. */
    humanPairing?: string;
    censoring: string;
    /** Which tests form the Holm family, and what the exploratory rows are. */
    multiplicity: string;
    /** The equivalence test and the margins it takes. */
    equivalence: string;
    /** Which interval each row uses. */
    intervals: string;
    /** Equivalence margins per measure (its unit), and where they come from. */
    margins: Record<string, number>;
    marginsSource: "manifest" | "default";
  };
  /** The instrument's resolution, from the journals (null where none recorded it: older runs). */
  resolution: Resolution;
  trials: TrialRow[];
  analyses: Analysis[];
}
