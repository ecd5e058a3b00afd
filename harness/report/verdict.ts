/**
 * Each RQ's plain-language verdict, computed from the comparisons: direction by the stated rule,
 * the figures behind it, and caveats drawn from the data (sizes, censoring, tasks that point the
 * other way, unfinished trials, who the operator was). Nothing here is pre-written about the result.
 */
import { ALPHA, type Patterns } from "./comparisons.ts";
import { fromExt } from "./extended.ts";
import {
  count,
  fmtDiff,
  fmtInterval,
  fmtMargin,
  fmtP,
  fmtSize,
  fmtTest,
  fmtValue,
  pText,
  rqTitle,
} from "./format.ts";
import { COMPARED, type Measure, measure, measured, rqTrials } from "./measures.ts";
import { ALL } from "./tables.ts";
import { teamOf } from "./teams.ts";
import type { Comparison, Operator, Rq, TrialRow, Unfinished, Verdict } from "./types.ts";

export interface VerdictInput {
  rq: Rq;
  operator: Operator;
  comparisons: Comparison[];
  /** This operator's finished trials. */
  trials: TrialRow[];
  patterns: Patterns;
  unfinished: Unfinished[];
  /** Operators with trials in the run, this one included. */
  operators: Operator[];
}

/** Which way a comparison's point estimate leans, for the candidate: by the median difference, else A12. */
export function leaning(c: Comparison, patterns: Patterns): "better" | "worse" | "even" | "none" {
  if (c.design === "none" || c.usable === 0) return "none";
  const d = c.difference?.estimate ?? null;
  if (d !== null && d !== 0) return fromExt(d) < 0 === (c.better === "lower") ? "better" : "worse";
  if (c.favours === patterns.candidate) return "better";
  if (c.favours === patterns.baseline) return "worse";
  return "even";
}

const find = (cs: Comparison[], key: string, task = ALL, faultKind = ALL) =>
  cs.find((c) => c.measure === key && c.task === task && c.faultKind === faultKind);

/** Why a row has no equivalence test, or its margin in words. */
export function equivalenceOf(x: Measure, c: Comparison): string {
  if (c.tost) return `equivalence within ${fmtMargin(x.unit, c.tost.margin)}`;
  if (x.stat === "rate") return "no equivalence test for rates";
  if (c.design === "unpaired") return "no equivalence test for an unpaired design";
  return "no equivalence margin declared";
}

function statementOf(x: Measure, c: Comparison | undefined, p: Patterns): string {
  if (!c || c.direction === "no data")
    return `No answer: no data. No ${c?.design === "unpaired" ? "trial" : "pair of trials"} finished under both ${p.candidate} and ${p.baseline} with a ${x.label} to compare${c && c.pairs > 0 ? " (in every pair, neither pattern ever reached it)" : ""}.`;
  if (c.direction === "better") return `${p.candidate} ${x.words.better} than ${p.baseline}.`;
  if (c.direction === "worse") return `${p.candidate} ${x.words.worse} than ${p.baseline}.`;
  if (c.direction === "equivalent" && c.tost)
    return `${p.candidate} and ${p.baseline} are equivalent in ${x.label}: equivalent within ${fmtMargin(x.unit, c.tost.margin)}.`;
  const equivalence = c.tost
    ? `nor equivalence within ${fmtMargin(x.unit, c.tost.margin)}`
    : `and ${equivalenceOf(x, c)}`;
  return `Inconclusive: no difference in ${x.label} between ${p.candidate} and ${p.baseline} could be shown, ${equivalence}.`;
}

/** The headline family's size (tests with a p), for the evidence's Holm note. */
const familySize = (cs: Comparison[], c: Comparison) =>
  cs.filter((o) => o.family === "headline" && o.rq === c.rq && o.operator === c.operator && o.p !== null)
    .length;

export function evidenceOf(x: Measure, c: Comparison, p: Patterns, family = 0): string {
  const unit = x.unit;
  const n = `n = ${c.nCandidate} ${p.candidate}, ${c.nBaseline} ${p.baseline}, ${count(c.pairs, "pair")}`;
  if (c.usable === 0) return `${x.label}: no data (${n}, none with a difference to compare).`;
  const centers = `${p.candidate} ${fmtValue(unit, c.centerCandidate)} vs ${p.baseline} ${fmtValue(unit, c.centerBaseline)}`;
  const what =
    c.difference?.statistic === "rate"
      ? "difference in rates"
      : c.difference?.kind === "paired"
        ? "median paired difference"
        : "difference of medians";
  const how =
    c.difference?.resampling === "task, seed"
      ? "cluster bootstrap (tasks, then seeds)"
      : c.difference?.resampling === "task, team"
        ? "cluster bootstrap (tasks, then teams)"
        : "bootstrap";
  const diff = c.difference
    ? `${what} (${p.candidate} - ${p.baseline}) ${fmtDiff(unit, c.difference.estimate)}, ${Math.round(
        c.difference.level * 100,
      )}% ${how} CI ${fmtInterval(unit, c.difference)}`
    : "no difference to estimate";
  const holm =
    c.pHolm === null
      ? c.family === "exploratory"
        ? " (exploratory: not corrected for multiplicity)"
        : ""
      : `, Holm-adjusted over ${count(family, "headline test")} ${pText(c.pHolm)}`;
  const reach = c.canReach ? "" : ` (cannot reach p < ${ALPHA} with ${fmtSize(c)})`;
  const tost = c.tost
    ? `; equivalence (TOST, ${fmtMargin(unit, c.tost.margin)}) ${pText(c.tost.p)}${
        c.tost.pHolm === null ? "" : `, Holm-adjusted ${pText(c.tost.pHolm)}`
      }`
    : `; ${equivalenceOf(x, c)}`;
  const a12 = c.a12 === null ? "" : `; A12 = ${c.a12.toFixed(2)} (${c.a12Magnitude}, favours ${c.favours})`;
  return `${x.label}: ${centers}; ${diff}; ${fmtTest(c)}${holm}${reach}${tost}${a12}; ${n}.`;
}

function sampleSizeCaveat(c: Comparison): string | null {
  if (c.usable > 0 && !c.canReach && c.design === "paired")
    return `Only ${fmtSize(c)}: a two-sided signed-rank test cannot reach p < ${ALPHA} with fewer than 6 (its smallest attainable p here is ${fmtP(c.minP)}), so no difference could have been shown here, whatever the data.`;
  if (c.usable > 0 && !c.canReach)
    return `Only ${fmtSize(c)}: a two-sided Mann-Whitney test cannot reach p < ${ALPHA} at these sizes (its smallest attainable p here is ${fmtP(c.minP)}), so no difference could have been shown here, whatever the data.`;
  if (c.design !== "none" && c.nBaseline + c.nCandidate < 8)
    return `Only ${c.nBaseline + c.nCandidate} trials in all: treat any direction as tentative.`;
  return null;
}

const listIds = (ids: string[], max = 8) =>
  ids.length <= max ? ids.join(", ") : `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;

/** Who the people were, and how their drills paired: by team and task, never by scenario. */
function humanCaveat(drills: TrialRow[], p: Patterns): string {
  const teams = [...new Set(drills.flatMap((t) => teamOf(t) ?? []))];
  const unteamed = drills.filter((t) => teamOf(t) === null).length;
  const drilled = (team: string, task: string, pattern: string) =>
    drills.some((t) => teamOf(t) === team && t.task === task && t.arm === pattern);
  const tasks = [...new Set(drills.map((t) => t.task))];
  const pairedTasks = (team: string) =>
    tasks.filter((task) => drilled(team, task, p.baseline) && drilled(team, task, p.candidate)).length;
  const paired = teams.filter((team) => pairedTasks(team) > 0);
  const repeated = teams.filter((team) => pairedTasks(team) > 1).length;
  const noTeam = unteamed ? `; ${count(unteamed, "drill")} named no team and stay unpaired` : "";
  const again = repeated
    ? ` ${count(repeated, "team")} gave pairs on more than one task; the pooled (all tasks) test treats those pairs as independent, though they share a team.`
    : "";
  return `The operators were people in timed drills. Human pairs are by team and task: the same team drilling both patterns of a task, whatever the scenarios and seeds (a crossover study gives a team a different fault under each pattern, so a pair's difference mixes the pattern with the fault); ${count(teams.length, "team")} drilled, ${paired.length} of them both patterns of a task${noTeam}.${again}`;
}

export function verdictOf(v: VerdictInput): Verdict {
  const [primaryKey, supportKey] = COMPARED[v.rq];
  const primary = measure(primaryKey);
  const support = measure(supportKey);
  const p = v.patterns;
  const main = find(v.comparisons, primaryKey);
  const aid = find(v.comparisons, supportKey);
  const direction = main?.direction ?? "no data";
  const decisive = (d: string | undefined) => d === "better" || d === "worse";
  const supportAgrees = decisive(direction) && decisive(aid?.direction) ? aid?.direction === direction : null;

  // Tasks whose own (all fault kinds) comparison leans the other way from the pooled one.
  const pooled = main ? leaning(main, p) : "none";
  const disagreeingTasks = v.comparisons
    .filter((c) => c.measure === primaryKey && c.faultKind === ALL && c.task !== ALL)
    .map((c) => ({ c, lean: leaning(c, p) }))
    .filter(
      ({ lean }) => (pooled === "better" || pooled === "worse") && (lean === "better" || lean === "worse"),
    )
    .filter(({ lean }) => lean !== pooled)
    .map(({ c, lean }) => ({
      task: c.task,
      // Its own test says whether the lean is more than noise.
      direction: `${lean === "better" ? primary.words.better : primary.words.worse} (${
        c.difference ? fmtDiff(primary.unit, c.difference.estimate) : `A12 ${c.a12?.toFixed(2)}`
      }; by itself, exploratory, ${c.direction === lean ? `${c.direction} by the rule` : c.direction})`,
    }));

  const caveats: string[] = [];
  const mine = rqTrials(v.trials, v.rq);
  const tasks = [...new Set(mine.map((t) => t.task))].sort();
  const kinds = [...new Set(mine.map((t) => t.faultKind))].sort();
  const pairedBy = v.operator === "human" ? "by team and task" : "by task, scenario and seed";
  const ofPattern = (name: string) => mine.filter((t) => t.arm === name).length;
  const notRecorded = mine.filter(
    (t) => (t.arm === p.candidate || t.arm === p.baseline) && !measured(primary, t),
  ).length;
  if (main)
    caveats.push(
      `${ofPattern(p.candidate) + ofPattern(p.baseline)} trials (${ofPattern(p.candidate)} ${p.candidate}, ${ofPattern(p.baseline)} ${p.baseline})${
        notRecorded
          ? `, ${notRecorded} of them without ${primary.label} (not recorded or nothing to measure) and left out of it`
          : ""
      }, ${count(main.pairs, "pair")} ${pairedBy}, ${main.unmatched} unmatched; tasks: ${tasks.join(", ") || "none"}; fault kinds pooled: ${kinds.join(", ") || "none"}.`,
    );
  if (main && main.censoredCandidate + main.censoredBaseline > 0)
    caveats.push(
      `${primary.label} never reached in ${main.censoredCandidate} of ${main.nCandidate} ${p.candidate} and ${main.censoredBaseline} of ${main.nBaseline} ${p.baseline} trials; these count as worse than any time (tied with each other) in the tests, and a median that falls on them is "not reached".`,
    );
  if (main?.difference && (main.difference.low === null || main.difference.high === null))
    caveats.push(
      "The bootstrap interval is undetermined (resamples where no finite middle value exists), so the rule cannot call a direction.",
    );
  const size = main ? sampleSizeCaveat(main) : null;
  if (size) caveats.push(size);
  const k = main ? familySize(v.comparisons, main) : 0;
  const decided = main?.direction === "better" || main?.direction === "worse";
  if (
    main?.canReach &&
    !decided &&
    main.minP !== null &&
    main.pHolm !== null &&
    k > 1 &&
    main.minP * k >= ALPHA
  )
    caveats.push(
      `${primary.label} is one of ${k} headline tests, Holm-adjusted: the smallest of them is multiplied by ${k}, so unless other headline measures are significant too it needs a raw p below ${ALPHA} / ${k} = ${fmtP(ALPHA / k)}, which ${fmtSize(main)} cannot give (smallest attainable p ${fmtP(main.minP)}).`,
    );
  if (disagreeingTasks.length)
    caveats.push(
      `Tasks that point the other way: ${disagreeingTasks.map((d) => `${d.task}: ${p.candidate} ${d.direction}`).join("; ")}.`,
    );
  else if (tasks.length > 1 && (pooled === "better" || pooled === "worse"))
    caveats.push("Every task leans the same way as the pooled result.");
  if (supportAgrees === false) caveats.push(`${support.label} points the other way from ${primary.label}.`);
  if (v.unfinished.length)
    caveats.push(
      `${count(v.unfinished.length, "planned trial")} did not finish and are not counted: ${listIds(v.unfinished.map((u) => u.id))}.`,
    );
  if (v.rq === "rq2" && !kinds.includes("rq2"))
    caveats.push(
      "This run has no Section 5 drill (run --rq2): RQ2 here comes from rollbacks during incidents, not from the paper's protocol.",
    );
  caveats.push(
    v.operator === "auto"
      ? "The operator was the automated runbook: these are the runbook's times, not people's."
      : humanCaveat(mine, p),
  );
  const others = v.operators.filter((o) => o !== v.operator);
  if (others.length)
    caveats.push(
      `Trials by other operators (${others.join(", ")}) are reported separately and not mixed in.`,
    );

  return {
    operator: v.operator,
    rq: v.rq,
    primary: primaryKey,
    support: supportKey,
    direction,
    heading: `${rqTitle(v.rq)}: ${
      direction === "better" || direction === "worse" || direction === "equivalent"
        ? `${p.candidate} ${direction}`
        : direction
    }`,
    statement: statementOf(primary, main, p),
    evidence: main ? evidenceOf(primary, main, p, familySize(v.comparisons, main)) : "",
    support_statement: aid
      ? `Supported by ${support.label}: ${statementOf(support, aid, p)} ${evidenceOf(support, aid, p, familySize(v.comparisons, aid))}`
      : `No ${support.label} data.`,
    supportAgrees,
    caveats,
    disagreeingTasks,
  };
}
